using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>The events to persist for a report (or a failure) and what the trial does next.</summary>
public sealed record ReportOutcome(IReadOnlyList<SweepEvent> Events, TrialAction Action, StopReason? Reason = null)
{
    internal static readonly ReportOutcome Ignored = new([], TrialAction.Ignored);

    /// <summary>The trial's slot is free: ask <see cref="SweepDecider.OnSlotFree"/> what to run next.</summary>
    public bool FreesSlot => Action is not (TrialAction.Continue or TrialAction.Ignored);
}
