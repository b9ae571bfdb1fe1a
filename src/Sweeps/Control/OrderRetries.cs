namespace Hpo.Sweeps.Control;

/// <summary>
/// The retry rule of the orders a finished sweep sends once (<see cref="OncePerSweepOrder"/>): sent again when no
/// answer comes within <see cref="AnswerWithin"/>, given up after <see cref="MaxTries"/> tries, or when no node was
/// there to ask for <see cref="MaxTries"/> windows, so the sweep never waits for ever.
/// </summary>
public sealed class OrderRetries
{
    private readonly DateTimeOffset _began;
    private DateTimeOffset? _sentAt;

    public OrderRetries(DateTimeOffset now, TimeSpan answerWithin, int maxTries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTries, 1);
        _began = now;
        AnswerWithin = answerWithin;
        MaxTries = maxTries;
    }

    public TimeSpan AnswerWithin { get; }
    public int MaxTries { get; }

    /// <summary>Orders sent so far.</summary>
    public int Tries { get; private set; }

    /// <summary>How long since the first call.</summary>
    public TimeSpan Since(DateTimeOffset now) => now - _began;

    /// <summary>What to do now, with a node to send to or none (<paramref name="nodeKnown"/>); a Send counts as a try.</summary>
    public RetryDecision Next(DateTimeOffset now, bool nodeKnown)
    {
        if (_sentAt is { } sent && now - sent < AnswerWithin) return RetryDecision.Wait;
        if (Tries >= MaxTries) return RetryDecision.GiveUpUnanswered;
        if (!nodeKnown) return now - _began >= AnswerWithin * MaxTries ? RetryDecision.GiveUpNoNode : RetryDecision.Wait;
        Tries++;
        _sentAt = now;
        return RetryDecision.Send;
    }
}
