namespace Hpo.Sweeps.Control;

/// <summary>How a searched hyperparameter's values are laid out on a plot axis.</summary>
public enum ParameterScale
{
    /// <summary>A real or integer range.</summary>
    Linear,

    /// <summary>A range searched on a log scale (loguniform, logint).</summary>
    Log,

    /// <summary>A list of choices (names, numbers, booleans).</summary>
    Choice,
}
