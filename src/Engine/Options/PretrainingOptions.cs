namespace Hpo.Engine.Options;

/// <summary>
/// Greedy layer-wise pretraining: grow the network a hidden layer at a time (supervised), or train an
/// autoencoder per layer (unsupervised), before training the whole network.
/// </summary>
public sealed record PretrainingOptions
{
    public PretrainingKind Kind { get; init; } = PretrainingKind.Supervised;

    /// <summary>Epochs spent on each stage (one stage per hidden layer).</summary>
    public int EpochsPerLayer { get; init; } = 5;

    /// <summary>Keep the already pretrained layers fixed while a new one trains.</summary>
    public bool FreezePretrained { get; init; }
}
