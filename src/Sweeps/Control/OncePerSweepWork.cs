using Hpo.Engine.Training;

namespace Hpo.Sweeps.Control;

/// <summary>
/// What one kind of <see cref="OncePerSweepOrder"/> asks of a worker about a trial, and how the worker's answer (or
/// the giving up) becomes the journal event to record.
/// </summary>
public abstract class OncePerSweepWork(int trial, TrialPlan plan)
{
    public abstract OncePerSweepKind Kind { get; }
    public int Trial { get; } = trial;
    public TrialPlan Plan { get; } = plan;

    /// <summary>What sending the order does, for the log: "refitting the best trial 4 for 9 epochs".</summary>
    public abstract string Doing { get; }

    /// <summary>The order, in the reason an unanswered one is given up: "the refit of trial 4".</summary>
    public abstract string Asked { get; }

    /// <summary>The order, in the reason given when no node was there to ask: "refit trial 4".</summary>
    public abstract string Ask { get; }

    /// <summary>The event that records the order given up for <paramref name="why"/>.</summary>
    public abstract object GaveUp(string why);

    /// <summary>The event that records a worker's answer; null for an answer of another kind or about another trial.</summary>
    public abstract object? Answered(object answer);
}
