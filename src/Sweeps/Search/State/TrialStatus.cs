namespace Hpo.Sweeps.Search.State;

/// <summary>Where a trial stands. The last four are terminal: each trial ends in exactly one.</summary>
public enum TrialStatus : byte
{
    /// <summary>Sampled or promoted, about to be dispatched (never seen between two decisions).</summary>
    Pending,
    Running,
    Paused,
    Completed,
    Stopped,
    Failed,
    Diverged,
}
