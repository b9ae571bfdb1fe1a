using Hpo.Coordinator.Persistence;
using Hpo.Engine.Options;
using Hpo.Protocol;

namespace Hpo.Coordinator.Sweeps;

/// <summary>
/// An order to evaluate a trial's model at <see cref="Epoch"/> on the test split, on <see cref="Node"/>, and to store
/// it as the sweep's best model when <see cref="StoreModel"/>.
/// </summary>
public sealed record TestOrder(int Trial, int Epoch, string Node, TrialPlan Plan, bool StoreModel = false);

/// <summary>What to do now: send an order, record the outcome, or both nothing.</summary>
public sealed record TestStep(TestOrder? Send, BestTrialTested? Record)
{
    public static readonly TestStep None = new(null, null);
}

/// <summary>
/// Once a sweep is over, the one evaluation of its best trial on the test split, as a plain class the sweep actor
/// asks: the order (to the node that last trained the trial, where its model may still be in memory, else any
/// node), sent again when no answer comes within <see cref="AnswerWithin"/>, given up after <see cref="MaxTries"/>
/// tries (or when no node is there to ask for that long), so the sweep never waits for ever. The outcome is the
/// <see cref="BestTrialTested"/> event to record. With <see cref="StoreModel"/> (the winner's objective epoch is not
/// its last) the same order stores that model as the sweep's best model, and the event says whether it is stored.
/// </summary>
public sealed class BestTrialTesting
{
    private readonly OrderRetries _retries;

    public BestTrialTesting(int trial, int epoch, TrialPlan plan, DateTimeOffset now, TimeSpan answerWithin, int maxTries = DefaultTries,
        bool storeModel = false)
    {
        StoreModel = storeModel;
        _retries = new OrderRetries(now, answerWithin, maxTries);
        Trial = trial;
        Epoch = epoch;
        Plan = plan;
    }

    public const int DefaultTries = 3;

    public int Trial { get; }
    public int Epoch { get; }
    public TrialPlan Plan { get; }

    /// <summary>The order also stores the model at <see cref="Epoch"/> as the sweep's best model.</summary>
    public bool StoreModel { get; }
    public TimeSpan AnswerWithin => _retries.AnswerWithin;
    public int MaxTries => _retries.MaxTries;

    /// <summary>Orders sent so far.</summary>
    public int Tries => _retries.Tries;

    /// <summary>The outcome is known (answered or given up): nothing more to send or record.</summary>
    public bool Done { get; private set; }

    /// <summary>
    /// At the start and periodically: the order to send now (the first, or again after <see cref="AnswerWithin"/>
    /// without an answer) to <paramref name="node"/> (null: no node known now), or the giving up to record.
    /// </summary>
    public TestStep Next(DateTimeOffset now, string? node)
    {
        if (Done) return TestStep.None;
        return _retries.Next(now, node is not null) switch
        {
            RetryDecision.Send => new TestStep(new TestOrder(Trial, Epoch, node!, Plan, StoreModel), null),
            RetryDecision.GiveUpUnanswered =>
                GiveUp($"no worker answered the evaluation of trial {Trial} on the test split ({Tries} tries, {AnswerWithin.TotalSeconds:0} s each)"),
            RetryDecision.GiveUpNoNode =>
                GiveUp($"no worker node was there to evaluate trial {Trial} on the test split for {_retries.Since(now).TotalSeconds:0} s"),
            _ => TestStep.None,
        };
    }

    /// <summary>A node answered: the event to record (null for an answer about another trial, or one already recorded).</summary>
    public BestTrialTested? OnAnswer(TrialEvaluated answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (Done || answer.TrialId != Trial) return null;
        Done = true;
        var error = answer.Error ?? (answer.Test is null or { Samples: 0 } ? "the data has no test samples" : null);
        bool stored = StoreModel && answer.Stored && answer.Epoch == Epoch;
        return new BestTrialTested(Trial, answer.Epoch, error is null ? answer.Test : null, error)
        {
            ModelStored = stored,
            ModelError = !StoreModel || stored ? null
                : answer.StoreError ?? answer.Error ?? $"the worker stored no model at epoch {Epoch} (answered for epoch {answer.Epoch})",
        };
    }

    private TestStep GiveUp(string why)
    {
        Done = true;
        return new TestStep(null, new BestTrialTested(Trial, Epoch, null, why) { ModelError = StoreModel ? why : null });
    }
}
