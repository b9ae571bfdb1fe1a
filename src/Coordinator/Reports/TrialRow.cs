using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Reports;

/// <summary>One trial as a row of <see cref="TrialTable"/>.</summary>
public sealed record TrialRow
{
    public required int Trial { get; init; }
    public required TrialStatus Status { get; init; }
    public StopReason? StopReason { get; init; }

    /// <summary>The trial's configuration, by key path.</summary>
    public required TrialConfig Config { get; init; }
    public int Rung { get; init; }
    public int Epochs { get; init; }

    /// <summary>Its place on the leaderboard (1: the winner; null: not ranked, no finite objective at a checkpoint).</summary>
    public int? Rank { get; init; }

    /// <summary>The trial's objective, as the leaderboard ranks it (the sweep's scope, at its latest checkpoint).</summary>
    public double? Objective { get; init; }

    /// <summary>The epoch whose model <see cref="Objective"/> describes.</summary>
    public int? ObjectiveEpoch { get; init; }

    /// <summary>The budget (epochs) it is ranked at.</summary>
    public int? Budget { get; init; }

    /// <summary>The objective of the last epoch recorded (not a number for a diverged trial; null before the first epoch).</summary>
    public double? LastEpochObjective { get; init; }
    public double? FinalTrainLoss { get; init; }
    public double? FinalValidationLoss { get; init; }

    /// <summary>The kinds of the training issues seen, snake_case, in the order of the log.</summary>
    public IReadOnlyList<string> Issues { get; init; } = [];
    public string? Error { get; init; }
}
