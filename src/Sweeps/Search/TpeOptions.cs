namespace Hpo.Sweeps.Search;

/// <summary>The tree-structured Parzen estimator's settings (Bergstra et al. 2011).</summary>
public sealed record TpeOptions
{
    /// <summary>Trials sampled at random before the model is used.</summary>
    public int NStartup { get; init; } = 10;

    /// <summary>Candidates drawn from the good trials' density per parameter; the best ratio l/g wins.</summary>
    public int Candidates { get; init; } = 24;

    /// <summary>The fraction of finished trials counted as good (0.15, as in Bergstra et al. 2011).</summary>
    public double Gamma { get; init; } = 0.15;
}
