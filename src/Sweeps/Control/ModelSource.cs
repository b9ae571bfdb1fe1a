namespace Hpo.Sweeps.Control;

/// <summary>Where a sweep's model is read from.</summary>
public enum ModelSource
{
    /// <summary>The best trial's own checkpoint: its last epoch, which its objective describes.</summary>
    Trial,

    /// <summary>The refit of the best trial's configuration (<c>search.refit: true</c>, <c>CheckpointKey.RefitOf</c>).</summary>
    Refit,

    /// <summary>The best trial rebuilt at its objective epoch when the sweep ended (<c>CheckpointKey.BestOf</c>).</summary>
    ObjectiveEpoch,
}
