using Hpo.Engine.Options;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// Start from a saved model's hidden layers; freeze the first <see cref="Freeze"/>; train the transferred
/// layers at <see cref="LearningRate"/> (null = the training rate); keep the source's output layer when asked.
/// </summary>
public sealed record TransferSpec(string From, int Freeze, double? LearningRate = null, bool KeepOutput = false)
{
    /// <summary>How the engine trains the transferred layers (the source's weights are loaded by the caller).</summary>
    public TransferOptions ToOptions() => new() { FreezeLayers = Freeze, LearningRate = LearningRate, KeepOutput = KeepOutput };
}
