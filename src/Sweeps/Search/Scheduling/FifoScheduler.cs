using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>Every trial trains to the maximum epochs; a free slot starts the next trial.</summary>
public sealed class FifoScheduler : ITrialScheduler
{
    public ReportDecision OnReport(SweepState state, TrialState trial) => ReportDecision.Continue;

    public SlotDecision OnSlotFree(SweepState state, bool canStartNew) =>
        canStartNew ? SlotDecision.StartNew(null, state.Options.MaxEpochs) : SlotDecision.Wait;
}
