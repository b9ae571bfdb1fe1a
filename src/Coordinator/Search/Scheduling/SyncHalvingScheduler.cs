using Hpo.Coordinator.Search.State;

namespace Hpo.Coordinator.Search.Scheduling;

/// <summary>
/// Synchronous successive halving and synchronous Hyperband. Each bracket instance fills its first rung with
/// its planned number of trials; a rung promotes only once it is closed and every trial in it has finished the
/// rung (the synchronous wait), and then its best paused trials up to the plan's next rung size. A free slot
/// promotes first (oldest bracket first, rungs from the top down), then fills the oldest bracket still taking
/// trials, and otherwise opens the next bracket (Hyperband cycles s = s_max .. 0), so slots never idle while a
/// bracket waits.
/// </summary>
public sealed class SyncHalvingScheduler : ITrialScheduler
{
    public ReportDecision OnReport(SweepState state, TrialState trial) =>
        AshaScheduler.AtRungMilestone(state, trial) ? ReportDecision.Pause : ReportDecision.Continue;

    public SlotDecision OnSlotFree(SweepState state, bool canStartNew)
    {
        bool noMoreTrials = state.NoMoreTrials;
        foreach (var bracket in state.ActiveSyncBrackets)
        {
            for (int rung = bracket.Plan.LastRung - 1; rung >= 0; rung--)
            {
                if (bracket.CanPromoteFrom(rung, noMoreTrials))
                    return SlotDecision.Promote(bracket.Rungs[rung].BestWaiting!.Value.Trial, bracket.Plan.Milestones[rung + 1]);
            }
        }
        if (!canStartNew)
            return SlotDecision.Wait;
        foreach (var bracket in state.ActiveSyncBrackets)
        {
            if (bracket.WantsTrials(noMoreTrials))
                return SlotDecision.StartNew(bracket.Id, bracket.Plan.Milestones[0]);
        }
        int id = state.SyncBrackets.Count;
        return SlotDecision.StartNew(id, state.Plan.BracketOf(id).Milestones[0]);
    }
}
