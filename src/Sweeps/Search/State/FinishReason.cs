namespace Hpo.Sweeps.Search.State;

/// <summary>Why a sweep finished.</summary>
public enum FinishReason
{
    MaxTrials,
    MaxTotalEpochs,
    TimeBudget,
    /// <summary>Nothing left to run: the sampler is exhausted or the scheduler has no more work.</summary>
    SearchExhausted,
    /// <summary>The user cancelled the sweep.</summary>
    Cancelled,
    /// <summary>
    /// The checkpoint store kept failing (a trial's checkpoint could not be written, after its retries): the sweep
    /// stopped with the cause rather than fail its trials one by one; the trials so far are kept.
    /// </summary>
    StorageFailed,
}
