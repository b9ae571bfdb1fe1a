namespace Hpo.Engine.Training;

/// <summary>One split made ready for the network: scaled features, encoded (and scaled) targets, sample weights.</summary>
internal sealed class PreparedData
{
    public required int Samples { get; init; }
    public required float[] Features { get; init; }
    public required float[] Targets { get; init; }

    /// <summary>Class labels (classification) for accuracy.</summary>
    public int[]? Labels { get; init; }

    /// <summary>Targets in their original units (regression) for MSE, MAE and R².</summary>
    public float[]? RawTargets { get; init; }

    /// <summary>Per-sample weights from class weights; empty when unweighted.</summary>
    public required float[] SampleWeights { get; init; }
}
