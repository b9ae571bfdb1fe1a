using Hpo.Engine.Options;

namespace Hpo.Engine.Data;

/// <summary>
/// Where a run's data comes from and how it is split: a built-in dataset (digits, iris, diabetes,
/// fashion-mnist), a seeded generator (blobs, circles, moons, regression, classification) or a CSV file.
/// Exactly one of <see cref="Dataset"/> and <see cref="Csv"/> is set.
/// </summary>
public sealed record DataOptions
{
    /// <summary>A built-in dataset or generator name.</summary>
    public string? Dataset { get; init; }

    /// <summary>Path of a CSV file.</summary>
    public string? Csv { get; init; }

    /// <summary>CSV target column: a header name or a zero-based index; null = the last column.</summary>
    public string? Target { get; init; }

    /// <summary>CSV column of per-sample weights for the loss (name or zero-based index); null = none.</summary>
    public string? Weight { get; init; }
    public bool Header { get; init; } = true;

    /// <summary>For a CSV: force the task (null = classification when the target is non-numeric or integer with few values).</summary>
    public TaskKind? Task { get; init; }

    // Generator parameters (shaped like scikit-learn's make_*).
    public int Samples { get; init; } = 1000;
    public int Features { get; init; } = 2;
    public int Centers { get; init; } = 3;
    public double ClusterStd { get; init; } = 1.0;
    public double Noise { get; init; } = 0.1;
    public double Factor { get; init; } = 0.5;
    public int Informative { get; init; } = 2;
    public int Classes { get; init; } = 2;

    /// <summary>Seed of a generator (independent of the training seed).</summary>
    public int DataSeed { get; init; } = 1;

    /// <summary>Hold-out fractions; validation split is stratified for classification.</summary>
    public double Validation { get; init; } = 0.2;
    public double Test { get; init; }
    public int SplitSeed { get; init; } = 1;
}
