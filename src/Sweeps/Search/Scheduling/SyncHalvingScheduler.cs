using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>
/// Synchronous successive halving and synchronous Hyperband. Each bracket instance fills its first rung with
/// its planned number of trials; a rung promotes only once it is closed and every trial in it has finished the
/// rung (the synchronous wait), and then its best paused trials up to the plan's next rung size. A free slot
/// promotes first (oldest bracket first, rungs from the top down), then fills the newest bracket if it still takes
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
        foreach (int id in state.PromotingSyncBrackets)
        {
            var bracket = state.SyncBrackets[id];
            for (int rung = bracket.Plan.LastRung - 1; rung >= 0; rung--)
            {
                if (bracket.CanPromoteFrom(rung, noMoreTrials))
                    return SlotDecision.Promote(bracket.Rungs[rung].BestWaiting!.Value.Trial, bracket.Plan.Milestones[rung + 1]);
            }
        }
        if (!canStartNew)
            return SlotDecision.Wait;
        // Brackets fill in order and never want trials again once full, so only the newest may take one.
        if (state.SyncBrackets.Count > 0 && state.SyncBrackets[^1] is var newest && newest.WantsTrials(noMoreTrials))
            return SlotDecision.StartNew(newest.Id, newest.Plan.Milestones[0]);
        int next = state.SyncBrackets.Count;
        return SlotDecision.StartNew(next, state.Plan.BracketOf(next).Milestones[0]);
    }
}
