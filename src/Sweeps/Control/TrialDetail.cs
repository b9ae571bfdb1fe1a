using Hpo.Engine.Diagnostics;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Control;

/// <summary>A trial as the API shows it: configuration, learning curve and training-issues log.</summary>
public sealed record TrialDetail
{
    public required string SweepId { get; init; }
    public required int Trial { get; init; }
    public required TrialStatus Status { get; init; }
    public StopReason? StopReason { get; init; }
    public string? Error { get; init; }
    public int? Bracket { get; init; }
    public int Rung { get; init; }
    public int Epochs { get; init; }

    /// <summary>Its objective at its latest checkpoint, as the sweep's scope defines it (null: none yet, or not finite).</summary>
    public double? Objective { get; init; }

    /// <summary>The epoch whose model <see cref="Objective"/> describes (0: none).</summary>
    public int ObjectiveEpoch { get; init; }

    /// <summary>The budget (epochs) it is ranked at (0: not ranked).</summary>
    public int Budget { get; init; }
    public required TrialConfig Config { get; init; }
    public IReadOnlyList<CurvePoint> Curve { get; init; } = [];
    public IReadOnlyList<TrainingIssue> Issues { get; init; } = [];
}
