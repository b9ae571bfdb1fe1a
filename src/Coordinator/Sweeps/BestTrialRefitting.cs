using Hpo.Coordinator.Persistence;
using Hpo.Coordinator.Search.State;
using Hpo.Engine.Options;
using Hpo.Protocol;

namespace Hpo.Coordinator.Sweeps;

/// <summary>An order to refit a trial's configuration for <see cref="Epochs"/> epochs, on <see cref="Node"/>.</summary>
public sealed record RefitOrder(int Trial, int Epochs, string Node, TrialPlan Plan);

/// <summary>What to do now about the refit: send an order, record the outcome, or neither.</summary>
public sealed record RefitStep(RefitOrder? Send, BestTrialRefitted? Record)
{
    public static readonly RefitStep None = new(null, null);
}

/// <summary>
/// Once a sweep with <c>search.refit: true</c> is over, the one refit of its best trial's configuration (trained again
/// on training + validation for the epochs of the model its objective describes, then evaluated on the test split), as a plain
/// class the sweep actor asks. Retried and given up as <see cref="BestTrialTesting"/> is; the outcome is the
/// <see cref="BestTrialRefitted"/> event to record.
/// </summary>
public sealed class BestTrialRefitting
{
    private readonly OrderRetries _retries;

    public BestTrialRefitting(int trial, int epochs, TrialPlan plan, DateTimeOffset now, TimeSpan answerWithin,
        int maxTries = BestTrialTesting.DefaultTries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        _retries = new OrderRetries(now, answerWithin, maxTries);
        Trial = trial;
        Epochs = epochs;
        Plan = plan;
    }

    public int Trial { get; }
    public int Epochs { get; }
    public TrialPlan Plan { get; }
    public TimeSpan AnswerWithin => _retries.AnswerWithin;
    public int MaxTries => _retries.MaxTries;

    /// <summary>Orders sent so far.</summary>
    public int Tries => _retries.Tries;

    /// <summary>The outcome is known (answered or given up): nothing more to send or record.</summary>
    public bool Done { get; private set; }

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

    /// <summary>The order to send now (the first, or again after <see cref="AnswerWithin"/> unanswered), or the giving up to record.</summary>
    public RefitStep Next(DateTimeOffset now, string? node)
    {
        if (Done) return RefitStep.None;
        return _retries.Next(now, node is not null) switch
        {
            RetryDecision.Send => new RefitStep(new RefitOrder(Trial, Epochs, node!, Plan), null),
            RetryDecision.GiveUpUnanswered =>
                GiveUp($"no worker answered the refit of trial {Trial} ({Tries} tries, {AnswerWithin.TotalSeconds:0} s each)"),
            RetryDecision.GiveUpNoNode =>
                GiveUp($"no worker node was there to refit trial {Trial} for {_retries.Since(now).TotalSeconds:0} s"),
            _ => RefitStep.None,
        };
    }

    /// <summary>A node answered: the event to record (null for an answer about another trial, or one already recorded).</summary>
    public BestTrialRefitted? OnAnswer(TrialRefitted answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (Done || answer.TrialId != Trial) return null;
        Done = true;
        // No test figures without an error: the data has no test split, and the refit model is all there is.
        return answer.Error is { } error
            ? new BestTrialRefitted(Trial, Epochs, 0, null, error)
            : new BestTrialRefitted(Trial, answer.Epochs, answer.TrainSamples, answer.Test, null);
    }

    private RefitStep GiveUp(string why)
    {
        Done = true;
        return new RefitStep(null, new BestTrialRefitted(Trial, Epochs, 0, null, why));
    }
}
