namespace Hpo.Sweeps.Control;

/// <summary>Where a sweep stands, as the API and the command line show it.</summary>
public enum SweepRunState
{
    /// <summary>Trials are being sampled and trained.</summary>
    Running,

    /// <summary>The sweep reached its end (its trials, epochs or time, or the search ran out).</summary>
    Finished,

    /// <summary>A user cancelled it.</summary>
    Cancelled,

    /// <summary>Its journal could not be read back: it is shown, with its error, and never runs again.</summary>
    Broken,
}
