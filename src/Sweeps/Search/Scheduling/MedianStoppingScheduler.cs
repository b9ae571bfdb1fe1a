using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>
/// The median stopping rule (Golovin et al., Google Vizier, 2017): stop a trial at epoch t when its best
/// objective so far is worse than the median of the other trials' running averages at t, once t reaches the
/// grace period and at least min-samples other trials have reached t. Trials otherwise run to the maximum.
/// </summary>
public sealed class MedianStoppingScheduler : ITrialScheduler
{
    public ReportDecision OnReport(SweepState state, TrialState trial)
    {
        int t = trial.Epochs;
        if (t < state.Options.MedianGracePeriod)
            return ReportDecision.Continue;
        var (median, others) = state.MedianOfOthers(t, state.RunningAverage(trial, t));
        if (others < state.Options.MedianMinSamples || double.IsNaN(median))
            return ReportDecision.Continue;
        return trial.BestScore < median ? ReportDecision.Stop(StopReason.Median) : ReportDecision.Continue;
    }

    public SlotDecision OnSlotFree(SweepState state, bool canStartNew) =>
        canStartNew ? SlotDecision.StartNew(null, state.Options.MaxEpochs) : SlotDecision.Wait;
}
