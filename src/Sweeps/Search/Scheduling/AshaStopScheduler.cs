using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>
/// Stop-only ASHA, for comparison: trials are dispatched to the maximum epochs and never pause; at each rung
/// milestone a trial is stopped unless it is in the top ceil(n/eta) of the results recorded there (its own
/// included), so the first trial to reach a rung always continues.
/// </summary>
public sealed class AshaStopScheduler : ITrialScheduler
{
    public ReportDecision OnReport(SweepState state, TrialState trial)
    {
        if (!AshaScheduler.AtRungMilestone(state, trial))
            return ReportDecision.Continue;
        var table = state.RungOf(trial, trial.Rung)!;
        return table.IsInTop(state.RungKey(trial, trial.Rung)) ? ReportDecision.Continue : ReportDecision.Stop(StopReason.Rung);
    }

    public SlotDecision OnSlotFree(SweepState state, bool canStartNew) =>
        canStartNew ? SlotDecision.StartNew(BracketChoice.Next(state), state.Options.MaxEpochs) : SlotDecision.Wait;
}
