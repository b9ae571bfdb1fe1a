using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>
/// Decides what trials do, in the spirit of Ray Tune's TrialScheduler, as a function of the sweep state only
/// (schedulers hold no state of their own, so a state rebuilt from its events decides the same).
/// <see cref="SweepDecider"/> handles what all schedulers share: completion at the maximum epochs,
/// divergence, failures, per-trial early stopping, budgets and max_concurrent.
/// </summary>
public interface ITrialScheduler
{
    /// <summary>
    /// After a finite report below the maximum epochs was recorded for a running trial: continue training,
    /// pause (only at the end of its dispatch, a rung milestone) or stop it.
    /// </summary>
    ReportDecision OnReport(SweepState state, TrialState trial);

    /// <summary>
    /// A slot is free: promote a paused trial to its next rung, start a new trial (only when
    /// <paramref name="canStartNew"/>: budgets and sampler allow it), wait for running trials, or finish.
    /// Must not wait while it has a promotion or (when allowed) a new trial to start.
    /// </summary>
    SlotDecision OnSlotFree(SweepState state, bool canStartNew);
}
