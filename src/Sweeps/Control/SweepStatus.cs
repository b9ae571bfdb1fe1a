using Hpo.Engine.Options;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Control;

/// <summary>A sweep's state as the API shows it.</summary>
public sealed record SweepStatus
{
    public required string Id { get; init; }
    public string? Name { get; init; }

    /// <summary>Running, finished, cancelled or broken (its journal could not be read back).</summary>
    public required SweepRunState State { get; init; }
    public FinishReason? FinishReason { get; init; }

    /// <summary>Why the sweep stopped without finishing its search: its journal cannot be read back (broken), or the cause of <see cref="Search.State.FinishReason.StorageFailed"/>.</summary>
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

    /// <summary>
    /// Seconds the sweep has been running: from its start to its last recorded row or its end, without the time its
    /// coordinator was stopped before a resume (null for a journal that recorded no times). The "elapsed" everywhere.
    /// </summary>
    public double? RunningSeconds { get; init; }
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

    /// <summary>The winner: the best objective among the trials trained to the highest budget any trial reached.</summary>
    public LeaderboardEntry? Best { get; init; }

    /// <summary>
    /// Failed trials that had trained at least as far as the winner's budget: one of them might have won, so the winner
    /// is not the answer the sweep was asked for (a worker's storage failing mid-run fails the trials it promotes).
    /// </summary>
    public IReadOnlyList<int> FailedBeyondBest { get; init; } = [];

    /// <summary>What a trial's objective is: "last epoch", "best epoch" or "mean of the last K epochs" (<c>objective.scope</c>).</summary>
    public string Scope { get; init; } = "last";

    /// <summary>
    /// The sweep is over and its data has a test split, but the best trial's test figures are not recorded yet
    /// (its model is being evaluated): the sweep is not <see cref="IsOver"/> until they are, or until they are given up.
    /// </summary>
    public bool TestPending { get; init; }

    /// <summary>
    /// The sweep is over and its best trial's objective epoch is not its last (<c>objective.scope: best</c>), but that
    /// model is not stored yet as the sweep's best model: the sweep is not <see cref="IsOver"/> until it is, or until it is given up.
    /// </summary>
    public bool BestModelPending { get; init; }

    /// <summary>The best trial's loss and metrics on the test split, computed once on its kept weights when the sweep ended.</summary>
    public TestFigures? BestTest { get; init; }

    /// <summary>Why the best trial has no test figures although the data has a test split (its evaluation failed or went unanswered).</summary>
    public string? TestError { get; init; }

    /// <summary>
    /// The sweep is over and asks for a refit (<c>search.refit: true</c>), but the refit of its best trial's
    /// configuration is not recorded yet: the sweep is not <see cref="IsOver"/> until it is, or until it is given up.
    /// </summary>
    public bool RefitPending { get; init; }

    /// <summary>The refit of the best trial's configuration on training + validation: its epochs, samples and test figures.</summary>
    public RefitFigures? BestRefit { get; init; }

    /// <summary>Why the sweep has no refit model although it asked for one (the refit failed or went unanswered).</summary>
    public string? RefitError { get; init; }

    /// <summary>True once the sweep will not change any more (its best trial's test figures, best model and refit recorded, when wanted).</summary>
    public bool IsOver => State is not SweepRunState.Running && !TestPending && !BestModelPending && !RefitPending;
}
