namespace Hpo.Sweeps.Search.State;

/// <summary>Why a trial was stopped before its maximum number of epochs.</summary>
public enum StopReason
{
    /// <summary>Not in the top 1/eta of a rung (stop-only ASHA).</summary>
    Rung,
    /// <summary>Its best objective was worse than the median of the others' running averages.</summary>
    Median,
    /// <summary>No improvement of at least min_delta for patience epochs.</summary>
    EarlyStopping,
    /// <summary>The sweep's epoch budget ran out before the trial reached its rung.</summary>
    EpochBudget,
    /// <summary>The sweep's time budget ran out.</summary>
    TimeBudget,
    /// <summary>The sweep finished while the trial waited, paused, for a promotion.</summary>
    SweepFinished,
    /// <summary>The user cancelled the sweep.</summary>
    Cancelled,
    /// <summary>The sweep stopped because the checkpoint store failed (<see cref="FinishReason.StorageFailed"/>).</summary>
    StorageFailed,
}
