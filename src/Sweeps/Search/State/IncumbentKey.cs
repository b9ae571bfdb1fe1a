namespace Hpo.Sweeps.Search.State;

/// <summary>
/// A trial's place on the leaderboard: trained further first, then the better score, then the earlier trial. The
/// first key is the sweep's winner, the incumbent of the multi-fidelity literature (BOHB, DEHB, SMAC): the best trial
/// among those trained to the highest budget any trial reached, so a trial stopped early never beats one trained
/// further (a trial judged at 9 epochs is not compared with one judged at 27).
/// </summary>
/// <param name="Budget">The epochs the trial is judged at (<see cref="SweepState.BudgetOf"/>).</param>
/// <param name="Score">Its objective at that budget, turned so that higher is better.</param>
public readonly record struct IncumbentKey(int Budget, float Score, int Trial) : IComparable<IncumbentKey>
{
    public int CompareTo(IncumbentKey other)
    {
        int c = other.Budget.CompareTo(Budget);
        if (c != 0) return c;
        c = other.Score.CompareTo(Score);
        return c != 0 ? c : Trial.CompareTo(other.Trial);
    }

    public static bool operator <(IncumbentKey left, IncumbentKey right) => left.CompareTo(right) < 0;

    public static bool operator <=(IncumbentKey left, IncumbentKey right) => left.CompareTo(right) <= 0;

    public static bool operator >(IncumbentKey left, IncumbentKey right) => left.CompareTo(right) > 0;

    public static bool operator >=(IncumbentKey left, IncumbentKey right) => left.CompareTo(right) >= 0;
}
