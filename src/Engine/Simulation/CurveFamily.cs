namespace Hpo.Engine.Simulation;

/// <summary>The shapes surrogate learning curves come in.</summary>
public enum CurveFamily
{
    /// <summary>Rises with a time constant set by the learning rate toward a configuration-dependent plateau.</summary>
    Standard,
    /// <summary>Rises within an epoch or two but plateaus low (narrow or overly fast configurations).</summary>
    FastStarter,
    /// <summary>Stays near chance for a while, then climbs past most others (deep, slow configurations).</summary>
    LateBloomer,
    /// <summary>Learns, then its objective turns NaN (learning rate too high).</summary>
    Diverger,
    /// <summary>A standard curve with much larger epoch-to-epoch noise.</summary>
    Noisy,
}
