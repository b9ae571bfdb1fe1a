namespace Hpo.Engine.Options;

/// <summary>The architecture of a multi-layer perceptron; input and output widths come from the data.</summary>
public sealed record ModelOptions
{
    /// <summary>Width of each hidden layer, first to last; empty means a linear model.</summary>
    public IReadOnlyList<int> HiddenUnits { get; init; } = [64];
    public ActivationKind Activation { get; init; } = ActivationKind.Relu;

    /// <summary>Negative slope of leaky ReLU, initial slope of PReLU, alpha of ELU.</summary>
    public float ActivationAlpha { get; init; } = 0.01f;
    public InitKind Init { get; init; } = InitKind.HeNormal;

    /// <summary>Standard deviation (Normal) or half-range (Uniform) for the plain initialisers.</summary>
    public float InitScale { get; init; } = 0.05f;
    public float BiasInit { get; init; }
    public BatchNormPlacement BatchNorm { get; init; } = BatchNormPlacement.None;
    public float BatchNormMomentum { get; init; } = 0.9f;

    /// <summary>Dropout rate after each hidden layer (0 = none).</summary>
    public float Dropout { get; init; }
}
