using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Control;

/// <summary>
/// A trial on the leaderboard: its objective at its latest checkpoint (as the sweep's <c>objective.scope</c> defines it),
/// the epochs it trained, the budget it is ranked at (<see cref="Search.State.SweepState.BudgetOf"/>: the leaderboard ranks
/// trained furthest first, and its first entry is the sweep's winner) and the epoch whose model the objective describes.
/// </summary>
public sealed record LeaderboardEntry(int Trial, double Objective, int Epochs, TrialStatus Status, TrialConfig Config)
{
    public int Budget { get; init; }
    public int ObjectiveEpoch { get; init; }
}
