namespace Hpo.Sweeps.Search.State;

/// <summary>
/// A result to rank: a score (the objective turned so that higher is better) and its trial. Ordered best
/// first; equal scores rank the earlier trial first, so the order is total and every ranking deterministic.
/// </summary>
public readonly record struct RankKey(float Score, int Trial) : IComparable<RankKey>
{
    public int CompareTo(RankKey other)
    {
        int c = other.Score.CompareTo(Score);
        return c != 0 ? c : Trial.CompareTo(other.Trial);
    }

    public static bool operator <(RankKey left, RankKey right) => left.CompareTo(right) < 0;

    public static bool operator <=(RankKey left, RankKey right) => left.CompareTo(right) <= 0;

    public static bool operator >(RankKey left, RankKey right) => left.CompareTo(right) > 0;

    public static bool operator >=(RankKey left, RankKey right) => left.CompareTo(right) >= 0;

    /// <summary>True when this key ranks ahead of <paramref name="other"/>.</summary>
    public bool IsBetterThan(RankKey other) => CompareTo(other) < 0;
}
