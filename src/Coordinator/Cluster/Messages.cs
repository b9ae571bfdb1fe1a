using Hpo.Coordinator.Persistence;
using Hpo.Coordinator.Search;
using Hpo.Coordinator.Search.Scheduling;
using Hpo.Coordinator.Search.State;
using Hpo.Engine.Training;

namespace Hpo.Coordinator.Cluster;

/// <summary>A message to the sweep registry or a sweep (queries and commands of the API and the command line).</summary>
public interface ICoordinatorMessage;

/// <summary>A request about one sweep: the registry forwards it to the sweep's actor.</summary>
public interface ISweepRequest : ICoordinatorMessage
{
    string SweepId { get; }
}

/// <summary>
/// Start a sweep from its spec text. <see cref="SweepId"/> null: the registry names it after the spec (name-N).
/// Answered with <see cref="SweepAccepted"/> or <see cref="SweepRejected"/>.
/// </summary>
public sealed record SubmitSweep(string SpecText, string SourceName, string? BaseDirectory, string? SweepId = null) : ICoordinatorMessage;

public sealed record SweepAccepted(string SweepId) : ICoordinatorMessage;

/// <summary>The spec could not be used (each error names its key path and line), or the id is taken or malformed.</summary>
public sealed record SweepRejected(string Message, IReadOnlyList<SpecErrorInfo> Errors) : ICoordinatorMessage;

public sealed record SpecErrorInfo(string Path, int Line, int Column, string Message);

/// <summary>Every sweep, oldest first: answered with <see cref="SweepList"/>.</summary>
public sealed record ListSweeps : ICoordinatorMessage;

public sealed record SweepList(IReadOnlyList<SweepStatus> Sweeps) : ICoordinatorMessage;

/// <summary>The sweep's state, rungs and leaderboard: answered with <see cref="SweepStatus"/> or <see cref="SweepNotFound"/>.</summary>
public sealed record GetSweep(string SweepId, int Leaderboard = 10) : ISweepRequest;

/// <summary>One trial: answered with <see cref="TrialDetail"/>, <see cref="TrialNotFound"/> or <see cref="SweepNotFound"/>.</summary>
public sealed record GetTrial(string SweepId, int Trial) : ISweepRequest;

/// <summary>Cancel the sweep: answered, once the cancellation is persisted, with its <see cref="SweepStatus"/>.</summary>
public sealed record CancelSweep(string SweepId) : ISweepRequest;

/// <summary>Which trial holds the best model: answered with <see cref="BestTrial"/> or <see cref="SweepNotFound"/>.</summary>
public sealed record GetBestTrial(string SweepId) : ISweepRequest;

public sealed record BestTrial(string SweepId, int? Trial, double? Objective) : ICoordinatorMessage;

public sealed record SweepNotFound(string SweepId) : ICoordinatorMessage;

public sealed record TrialNotFound(string SweepId, int Trial) : ICoordinatorMessage;

/// <summary>A sweep's state as the API shows it.</summary>
public sealed record SweepStatus : ICoordinatorMessage
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

/// <summary>One epoch of a trial's learning curve.</summary>
public sealed record CurvePoint(int Epoch, double Objective, double? TrainLoss, double? ValidationLoss, double? SamplesPerSecond);

/// <summary>A trial as the API shows it: configuration, learning curve and training-issues log.</summary>
public sealed record TrialDetail : ICoordinatorMessage
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
    public IReadOnlyList<Engine.Diagnostics.TrainingIssue> Issues { get; init; } = [];
}

// Between the registry and its sweeps.

/// <summary>The registry to a new sweep actor: persist this creation and start.</summary>
public sealed record StartSweep(SweepCreated Created) : ICoordinatorMessage;

/// <summary>The registry to its sweeps: a worker node left or became unreachable.</summary>
public sealed record NodeLost(string Node) : ICoordinatorMessage;
