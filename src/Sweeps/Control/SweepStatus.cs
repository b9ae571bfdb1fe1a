using Hpo.Engine.Diagnostics;
using Hpo.Engine.Options;
using Hpo.Engine.Training;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Plans;
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

/// <summary>A trial's model at <see cref="Epoch"/> on the test split: its loss, and accuracy (classification) or mse, mae and r2 (regression).</summary>
public sealed record TestFigures(int Trial, int Epoch, int Samples, double Loss, double? Accuracy, double? Mse, double? Mae, double? R2)
{
    public static TestFigures Of(int trial, int epoch, Evaluation test) =>
        new(trial, epoch, test.Samples, test.Loss, test.Accuracy, test.Mse, test.Mae, test.R2);

    /// <summary>"best trial 4 on the test set (360 samples): loss 0.0831, accuracy 0.975" (or mse, mae and r2 for regression).</summary>
    public string Describe()
    {
        return $"best trial {Trial} on the test set ({Samples} samples): {TestText.Figures(Loss, Accuracy, Mse, Mae, R2)}";
    }
}

/// <summary>
/// The refit of trial <see cref="Trial"/>'s configuration: trained from scratch on <see cref="TrainSamples"/> training
/// + validation samples for <see cref="Epochs"/> epochs; its test figures (null without a test split): samples,
/// loss, and accuracy (classification) or mse, mae and r2 (regression).
/// </summary>
public sealed record RefitFigures(int Trial, int Epochs, int TrainSamples, int? Samples, double? Loss, double? Accuracy,
    double? Mse, double? Mae, double? R2)
{
    public static RefitFigures Of(int trial, int epochs, int trainSamples, Evaluation? test) =>
        new(trial, epochs, trainSamples, test?.Samples, test?.Loss, test?.Accuracy, test?.Mse, test?.Mae, test?.R2);

    /// <summary>"refit of trial 4 on training + validation (1437 samples, 14 epochs) on the test set (360 samples): loss 0.07, accuracy 0.98".</summary>
    public string Describe()
    {
        var refit = $"refit of trial {Trial} on training + validation ({TrainSamples} samples, {Epochs} epochs)";
        if (Samples is null) return $"{refit}: no test split";
        return $"{refit} on the test set ({Samples} samples): {TestText.Figures(Loss, Accuracy, Mse, Mae, R2)}";
    }
}

/// <summary>How test figures read: the task's own measures first, in its units, and the loss as the model was trained.</summary>
public static class TestText
{
    /// <summary>
    /// "accuracy 0.975, loss 0.0831" or "mse 2900.5, mae 43.25, r2 0.4375 in the target's units; loss 0.52 as trained"
    /// (a regression loss is computed on the scaled targets the model learnt, so it is not the mse in the target's units).
    /// </summary>
    public static string Figures(double? loss, double? accuracy, double? mse, double? mae, double? r2) =>
        accuracy is not null
            ? $"accuracy {F(accuracy)}, loss {F(loss)}"
            : $"mse {F(mse)}, mae {F(mae)}, r2 {F(r2)} in the target's units; loss {F(loss)} as trained";

    private static string F(double? value) => value is double v ? v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : "-";
}

/// <summary>A rung: its milestone epoch and how many trials reached it, wait there paused, or were promoted from it.</summary>
public sealed record RungSummary(int Rung, int Epochs, int Reached, int Paused, int Promoted);

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
