namespace Hpo.Sweeps.Control;

/// <summary>
/// Everything recorded of one sweep, as a report and the command line read it back from the journal: its status
/// (with every trial on the leaderboard), every trial with its learning curve and issues log, and the axes of its
/// search space.
/// </summary>
public sealed record SweepHistory
{
    public required SweepStatus Status { get; init; }

    /// <summary>Every trial, by id.</summary>
    public required IReadOnlyList<TrialDetail> Trials { get; init; }

    /// <summary>The searched hyperparameters, in the order of the spec (parents first).</summary>
    public required IReadOnlyList<ParameterAxis> Parameters { get; init; }
}
