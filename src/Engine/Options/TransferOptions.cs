namespace Hpo.Engine.Options;

/// <summary>How a network initialised from another model's weights trains on.</summary>
public sealed record TransferOptions
{
    /// <summary>The first k hidden layers keep the transferred weights (0 = fine-tune everything).</summary>
    public int FreezeLayers { get; init; }

    /// <summary>Learning rate of the transferred (unfrozen) layers; null = the training learning rate.</summary>
    public double? LearningRate { get; init; }

    /// <summary>How many hidden layers, from the first, came from the source model.</summary>
    public int TransferredLayers { get; init; }

    /// <summary>Keep the source's output layer when its shape fits (same task); by default a new output layer is trained.</summary>
    public bool KeepOutput { get; init; }
}
