namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>What happens to the reporting trial.</summary>
public enum TrialAction
{
    /// <summary>Keep training toward the end of the dispatch.</summary>
    Continue,
    /// <summary>Paused at a rung, checkpointed; the slot is free.</summary>
    Pause,
    /// <summary>Stopped (see the reason); the worker should stop and the slot is free.</summary>
    Stop,
    /// <summary>Reached the maximum epochs; the slot is free.</summary>
    Complete,
    /// <summary>The objective is not finite; the slot is free.</summary>
    Diverged,
    /// <summary>The worker could not train it; the slot is free.</summary>
    Failed,
    /// <summary>A repeated, stale or unknown report: nothing recorded, nothing to do.</summary>
    Ignored,
}
