using Hpo.Engine.Training;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Control;

/// <summary>
/// Once a sweep with <c>search.refit: true</c> is over, the one refit of its best trial's configuration (trained again
/// on training + validation for <see cref="Epochs"/>, the epochs of the model its objective describes, then evaluated
/// on the test split): the work of a <see cref="OncePerSweepOrder"/>, recorded as <see cref="BestTrialRefitted"/>.
/// </summary>
public sealed class BestTrialRefit : OncePerSweepWork
{
    public BestTrialRefit(int trial, int epochs, TrialPlan plan) : base(trial, plan)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        Epochs = epochs;
    }

    public override OncePerSweepKind Kind => OncePerSweepKind.Refit;
    public int Epochs { get; }
    public override string Doing => $"refitting the best trial {Trial} for {Epochs} epochs";
    public override string Asked => $"the refit of trial {Trial}";
    public override string Ask => $"refit trial {Trial}";

    public override object GaveUp(string why) => new BestTrialRefitted(Trial, Epochs, 0, null, why);

    public override object? Answered(object answer)
    {
        if (answer is not RefitAnswer refitted || refitted.TrialId != Trial) return null;
        // No test figures without an error: the data has no test split, and the refit model is all there is.
        return refitted.Error is { } error
            ? new BestTrialRefitted(Trial, Epochs, 0, null, error)
            : new BestTrialRefitted(Trial, refitted.Epochs, refitted.TrainSamples, refitted.Test, null);
    }

    /// <summary>
    /// How long a refit of <paramref name="epochs"/> epochs may go unanswered: at least <paramref name="least"/> and four
    /// heartbeat windows, plus two of the sweep's longest epochs (a fifth of a window at most) per epoch, since it trains
    /// on more data than a trial did and reports nothing meanwhile.
    /// </summary>
    public static TimeSpan AnswerWindow(TimeSpan least, TimeSpan heartbeatWindow, int epochs)
    {
        var training = 4 * heartbeatWindow + heartbeatWindow * (0.4 * epochs);
        return training > least ? training : least;
    }

    /// <summary>
    /// The epochs a refit trains: those of the model the trial's objective describes (its last checkpoint's epochs, or
    /// its best epoch under <c>objective.scope: best</c>), as scikit-learn refits the chosen configuration; null when the
    /// trial has no checkpointed objective.
    /// </summary>
    public static int? EpochsOf(SweepState state, int trial)
    {
        ArgumentNullException.ThrowIfNull(state);
        int epoch = state.Trial(trial).CheckpointEpoch;
        return epoch > 0 ? epoch : null;
    }

    /// <summary>The refit a finished sweep owes (until recorded, or given up, the status says <see cref="SweepStatus.RefitPending"/>).</summary>
    public static OncePerSweepStart? Begin(SweepState state, SweepView view, Func<int, TrialPlan?> planOf, TimeSpan least,
        TimeSpan heartbeatWindow, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(planOf);
        if (view.RefitPendingFor(state) is not int trial) return null;
        if (EpochsOf(state, trial) is not int epochs || planOf(trial) is not { } plan)
            return new OncePerSweepStart(null,
                new BestTrialRefitted(trial, 0, 0, null, "the best trial's configuration cannot be refit (no plan or no finite objective)"));
        var within = AnswerWindow(least, heartbeatWindow, epochs);
        return new OncePerSweepStart(new OncePerSweepOrder(new BestTrialRefit(trial, epochs, plan), now, within), null);
    }

    public static IReadOnlyList<OutcomeLine> Outcome(BestTrialRefitted refitted, string? node)
    {
        ArgumentNullException.ThrowIfNull(refitted);
        return refitted.Error is null
            ? [new(false, $"{RefitFigures.Of(refitted.Trial, refitted.Epochs, refitted.TrainSamples, refitted.Test).Describe()} (on {node})")]
            : [new(true, $"the best trial {refitted.Trial} has no refit: {refitted.Error}")];
    }
}
