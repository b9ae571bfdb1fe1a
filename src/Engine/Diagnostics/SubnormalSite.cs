namespace Hpo.Engine.Diagnostics;

/// <summary>Where a training keeps floats.</summary>
public enum SubnormalSite
{
    /// <summary>Weights, biases and the other parameters' values.</summary>
    Parameters,

    /// <summary>The gradients of the parameters (a step's matrix products).</summary>
    ParameterGradients,

    /// <summary>Velocities, moments and the other per-parameter state of the optimiser.</summary>
    OptimizerState,

    /// <summary>Every layer's output, forward (pre-activations, activations, the network's outputs).</summary>
    Activations,

    /// <summary>Every layer's input gradient, backward.</summary>
    ActivationGradients,

    /// <summary>The gradient of the loss with respect to the network's outputs.</summary>
    LossGradient,
}
