namespace Hpo.Engine.Diagnostics;

/// <summary>The kinds of trouble the issues log recognises in a training run.</summary>
public enum IssueKind
{
    /// <summary>The loss became non-finite or rose sharply above where training started.</summary>
    Divergence,

    /// <summary>The global gradient norm is far above its early level or an absolute limit.</summary>
    ExplodingGradients,

    /// <summary>The first dense layer's gradient is a tiny fraction of the last one's.</summary>
    VanishingGradients,

    /// <summary>A large share of ReLU units output zero for every sample of an epoch.</summary>
    DeadRelu,

    /// <summary>Most sigmoid or tanh outputs sit at their asymptotes, where the gradient vanishes.</summary>
    SaturatedUnits,

    /// <summary>The epoch loss keeps going up and down by large steps.</summary>
    OscillatingLoss,

    /// <summary>The training loss has barely moved from its first epoch.</summary>
    SlowLearning,

    /// <summary>The validation loss rises for several epochs while the training loss falls.</summary>
    Overfitting,

    /// <summary>Input features far from unit scale, or on scales orders of magnitude apart, with no input scaling.</summary>
    UnscaledInputs,

    /// <summary>Regression targets far from unit scale with no target scaling.</summary>
    UnscaledTargets,
}
