using Hpo.Engine.Training;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Control;

/// <summary>
/// Once a sweep is over, an order it sends once about its best trial (its <see cref="OncePerSweepWork"/>: the test,
/// the refit), as a plain class the sweep actor asks: sent to the node that last trained the trial (where its model
/// may still be in memory), else any node; sent again when no answer comes within <see cref="AnswerWithin"/>; given
/// up after <see cref="MaxTries"/> tries, or when no node was there to ask for that long, so the sweep never waits
/// for ever. The first answer about the trial, or the giving up, is the one journal event to record.
/// </summary>
public sealed class OncePerSweepOrder
{
    private readonly OrderRetries _retries;

    public OncePerSweepOrder(OncePerSweepWork work, DateTimeOffset now, TimeSpan answerWithin, int maxTries = DefaultTries)
    {
        ArgumentNullException.ThrowIfNull(work);
        Work = work;
        _retries = new OrderRetries(now, answerWithin, maxTries);
    }

    public const int DefaultTries = 3;

    public OncePerSweepWork Work { get; }
    public OncePerSweepKind Kind => Work.Kind;
    public int Trial => Work.Trial;
    public TimeSpan AnswerWithin => _retries.AnswerWithin;
    public int MaxTries => _retries.MaxTries;

    /// <summary>Orders sent so far.</summary>
    public int Tries => _retries.Tries;

    /// <summary>The outcome is known (answered or given up): nothing more to send or record.</summary>
    public bool Done { get; private set; }

    /// <summary>
    /// At the start and periodically: send the order now (the first, or again after <see cref="AnswerWithin"/>
    /// without an answer) to <paramref name="node"/> (null: no node known now), or record the giving up.
    /// </summary>
    public OncePerSweepStep Next(DateTimeOffset now, string? node)
    {
        if (Done) return OncePerSweepStep.None;
        return _retries.Next(now, node is not null) switch
        {
            RetryDecision.Send => new OncePerSweepStep(node, null),
            RetryDecision.GiveUpUnanswered =>
                GiveUp($"no worker answered {Work.Asked} ({Tries} tries, {AnswerWithin.TotalSeconds:0} s each)"),
            RetryDecision.GiveUpNoNode =>
                GiveUp($"no worker node was there to {Work.Ask} for {_retries.Since(now).TotalSeconds:0} s"),
            _ => OncePerSweepStep.None,
        };
    }

    /// <summary>A node answered: the event to record (null for an answer about another trial, or one already recorded).</summary>
    public object? OnAnswer(object answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (Done || Work.Answered(answer) is not { } recorded) return null;
        Done = true;
        return recorded;
    }

    private OncePerSweepStep GiveUp(string why)
    {
        Done = true;
        return new OncePerSweepStep(null, Work.GaveUp(why));
    }

    /// <summary>
    /// The order of this kind a finished sweep still owes (null: none, or it is recorded), or the outcome to record
    /// at once when its trial cannot be asked about. <paramref name="least"/>: the shortest answer window.
    /// </summary>
    public static OncePerSweepStart? Begin(OncePerSweepKind kind, SweepState state, SweepView view, Func<int, TrialPlan?> planOf,
        TimeSpan least, TimeSpan heartbeatWindow, DateTimeOffset now) => kind switch
        {
            OncePerSweepKind.Test => BestTrialTest.Begin(state, view, planOf, least, heartbeatWindow, now),
            OncePerSweepKind.Refit => BestTrialRefit.Begin(state, view, planOf, least, heartbeatWindow, now),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

    /// <summary>The lines the sweep logs about a recorded outcome, answered by <paramref name="node"/> (null: given up).</summary>
    public static IReadOnlyList<OutcomeLine> Outcome(object recorded, string? node, bool hasTestSplit) => recorded switch
    {
        BestTrialTested tested => BestTrialTest.Outcome(tested, node, hasTestSplit),
        BestTrialRefitted refitted => BestTrialRefit.Outcome(refitted, node),
        _ => throw new ArgumentException($"not the outcome of a once-per-sweep order: {recorded.GetType().Name}", nameof(recorded)),
    };
}
