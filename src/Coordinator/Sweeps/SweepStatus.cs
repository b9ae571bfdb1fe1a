using Hpo.Coordinator.Search;
using Hpo.Coordinator.Search.Plans;
using Hpo.Coordinator.Search.State;
using Hpo.Engine.Diagnostics;
using Hpo.Engine.Options;

namespace Hpo.Coordinator.Sweeps;

/// <summary>A sweep's state as the API shows it.</summary>
public sealed record SweepStatus
{
    public required string Id { get; init; }
    public string? Name { get; init; }

    /// <summary>Running, finished, cancelled or broken (its journal could not be read back).</summary>
    public required SweepRunState State { get; init; }
    public FinishReason? FinishReason { get; init; }
    public string? Error { get; init; }

    /// <summary>The scheduler (null for a broken sweep).</summary>
    public SchedulerKind? Scheduler { get; init; }

    /// <summary>The sampler (null for a broken sweep).</summary>
    public SamplerKind? Sampler { get; init; }
    public required string Metric { get; init; }

    /// <summary>Whether the objective is minimised or maximised (null for a broken sweep).</summary>
    public ObjectiveMode? Mode { get; init; }
    public int MaxEpochs { get; init; }
    public int? MaxTrials { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int Trials { get; init; }

    /// <summary>Trials by status (pending, running, paused, completed, stopped, failed, diverged).</summary>
    public IReadOnlyDictionary<TrialStatus, int> ByStatus { get; init; } = new Dictionary<TrialStatus, int>();
    public long EpochsTotal { get; init; }
    public int Slots { get; init; }
    public int BusySlots { get; init; }

    /// <summary>Rungs dispatched to a node beyond its slots, waiting there for one.</summary>
    public int QueuedRungs { get; init; }
    public IReadOnlyList<RungSummary> Rungs { get; init; } = [];
    public IReadOnlyList<LeaderboardEntry> Leaderboard { get; init; } = [];
    public LeaderboardEntry? Best { get; init; }

    /// <summary>True once the sweep will not change any more.</summary>
    public bool IsOver => State is not SweepRunState.Running;
}

/// <summary>A rung: its milestone epoch and how many trials reached it, wait there paused, or were promoted from it.</summary>
public sealed record RungSummary(int Rung, int Epochs, int Reached, int Paused, int Promoted);

/// <summary>A trial on the leaderboard: the objective at its latest checkpoint.</summary>
public sealed record LeaderboardEntry(int Trial, double Objective, int Epochs, TrialStatus Status, TrialConfig Config);

/// <summary>One epoch of a trial's learning curve; <see cref="At"/> is when the coordinator recorded it (null when not known).</summary>
public sealed record CurvePoint(int Epoch, double Objective, double? TrainLoss, double? ValidationLoss, double? SamplesPerSecond, DateTimeOffset? At = null);

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
    public double? BestObjective { get; init; }
    public required TrialConfig Config { get; init; }
    public IReadOnlyList<CurvePoint> Curve { get; init; } = [];
    public IReadOnlyList<TrainingIssue> Issues { get; init; } = [];
}
