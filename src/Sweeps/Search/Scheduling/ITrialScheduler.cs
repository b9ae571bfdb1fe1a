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

public enum ReportAction
{
    Continue,
    Pause,
    Stop,
}

public readonly record struct ReportDecision(ReportAction Action, StopReason? Reason = null)
{
    public static ReportDecision Continue => new(ReportAction.Continue);
    public static ReportDecision Pause => new(ReportAction.Pause);
    public static ReportDecision Stop(StopReason reason) => new(ReportAction.Stop, reason);
}

public enum SlotAction
{
    /// <summary>Continue a paused trial from its checkpoint to the next rung.</summary>
    Promote,
    /// <summary>Sample and start a new trial.</summary>
    StartNew,
    /// <summary>Nothing to run until a running trial reports.</summary>
    Wait,
    /// <summary>The sweep is over.</summary>
    Finished,
}

/// <param name="Trial">The trial to promote (Promote).</param>
/// <param name="Bracket">The new trial's bracket (StartNew; null for kinds without brackets).</param>
/// <param name="ToEpoch">The epoch the dispatch trains up to.</param>
public readonly record struct SlotDecision(SlotAction Action, int Trial = -1, int? Bracket = null, int ToEpoch = 0)
{
    public static SlotDecision Promote(int trial, int toEpoch) => new(SlotAction.Promote, trial, null, toEpoch);
    public static SlotDecision StartNew(int? bracket, int toEpoch) => new(SlotAction.StartNew, -1, bracket, toEpoch);
    public static SlotDecision Wait => new(SlotAction.Wait);
    public static SlotDecision Finished => new(SlotAction.Finished);
}
