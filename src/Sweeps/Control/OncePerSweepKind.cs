namespace Hpo.Sweeps.Control;

/// <summary>The orders a finished sweep sends once about its best trial.</summary>
public enum OncePerSweepKind
{
    /// <summary>Its model evaluated on the test split (and stored as the sweep's best model when it must be): <see cref="BestTrialTest"/>.</summary>
    Test,

    /// <summary>Its configuration trained again on training + validation: <see cref="BestTrialRefit"/>.</summary>
    Refit,
}
