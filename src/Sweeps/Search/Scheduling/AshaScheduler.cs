using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>
/// Asynchronous successive halving with true promotion (Li et al., MLSys 2020), and asynchronous Hyperband
/// as several ASHA brackets of growing minimum resource. A trial pauses at each rung milestone. A free slot
/// scans each bracket's rungs from the top down and promotes the best paused trial that is in the top
/// floor(n/eta) of its rung (n: results recorded there so far) and not yet promoted; it continues from its
/// paused epoch. Only when none can be promoted does a new trial start, in the bracket
/// <see cref="BracketChoice"/> picks; once none can start, <see cref="AshaEndgame"/> carries the best to the top.
/// </summary>
public sealed class AshaScheduler : ITrialScheduler
{
    public ReportDecision OnReport(SweepState state, TrialState trial) =>
        AtRungMilestone(state, trial) ? ReportDecision.Pause : ReportDecision.Continue;

    public SlotDecision OnSlotFree(SweepState state, bool canStartNew)
    {
        var brackets = state.Plan.Brackets;
        for (int b = 0; b < brackets.Count; b++)
        {
            for (int rung = brackets[b].LastRung - 1; rung >= 0; rung--)
            {
                if (state.AsyncRung(b, rung).BestWaiting is { } key)
                    return SlotDecision.Promote(key.Trial, brackets[b].Milestones[rung + 1]);
            }
        }
        if (!canStartNew)
            return AshaEndgame.Next(state) ?? SlotDecision.Wait;
        int bracket = BracketChoice.Next(state);
        return SlotDecision.StartNew(bracket, brackets[bracket].Milestones[0]);
    }

    /// <summary>The trial's last recorded epoch is the milestone of a rung below the top.</summary>
    internal static bool AtRungMilestone(SweepState state, TrialState trial)
    {
        var plan = state.PlanOf(trial);
        return trial.Rung >= 0 && trial.Rung < plan.LastRung && plan.Milestones[trial.Rung] == trial.Epochs;
    }
}
