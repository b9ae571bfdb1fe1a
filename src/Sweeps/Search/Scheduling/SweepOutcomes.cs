using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>A worker's report of one epoch (1-based) of a trial.</summary>
public readonly record struct TrialReport(int Trial, int Epoch, double Objective, EpochSummary Metrics = default);

/// <summary>Train <paramref name="Trial"/> with <paramref name="Config"/> from its checkpoint at <paramref name="FromEpoch"/> (0: from scratch) through <paramref name="ToEpoch"/>.</summary>
public sealed record Dispatch(int Trial, TrialConfig Config, int FromEpoch, int ToEpoch);

/// <summary>What a free slot gets: the events to persist and, for Promote and StartNew, the dispatch to carry out.</summary>
public sealed record SlotOutcome(IReadOnlyList<SweepEvent> Events, SlotAction Action, Dispatch? Dispatch);

/// <summary>What happens to the reporting trial.</summary>
public enum TrialAction
{
    /// <summary>Keep training toward the end of the dispatch.</summary>
    Continue,
    /// <summary>Paused at a rung, checkpointed; the slot is free.</summary>
    Pause,
    /// <summary>Stopped (see the reason); the worker should stop and the slot is free.</summary>
    Stop,
    /// <summary>Reached the maximum epochs; the slot is free.</summary>
    Complete,
    /// <summary>The objective is not finite; the slot is free.</summary>
    Diverged,
    /// <summary>The worker could not train it; the slot is free.</summary>
    Failed,
    /// <summary>A repeated, stale or unknown report: nothing recorded, nothing to do.</summary>
    Ignored,
}

/// <summary>The events to persist for a report (or a failure) and what the trial does next.</summary>
public sealed record ReportOutcome(IReadOnlyList<SweepEvent> Events, TrialAction Action, StopReason? Reason = null)
{
    internal static readonly ReportOutcome Ignored = new([], TrialAction.Ignored);

    /// <summary>The trial's slot is free: ask <see cref="SweepDecider.OnSlotFree"/> what to run next.</summary>
    public bool FreesSlot => Action is not (TrialAction.Continue or TrialAction.Ignored);
}
