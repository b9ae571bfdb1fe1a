namespace Hpo.Engine.Diagnostics;

/// <summary>What Better Deep Learning advises for each kind of issue, in one or two sentences.</summary>
public static class IssueAdvice
{
    public static string For(IssueKind kind) => kind switch
    {
        IssueKind.Divergence =>
            "Lower the learning rate, scale the inputs and (for regression) the targets, and clip gradients by norm.",
        IssueKind.ExplodingGradients =>
            "Lower the learning rate, scale the targets, and clip gradients by norm (clip_norm) or value (clip_value).",
        IssueKind.VanishingGradients =>
            "Use ReLU (or a ReLU variant) with He initialisation instead of sigmoid or tanh in deep networks, or add batch normalisation.",
        IssueKind.DeadRelu =>
            "Lower the learning rate, start the biases at a small positive value (such as 0.1) with He initialisation, or use leaky ReLU or ELU.",
        IssueKind.SaturatedUnits =>
            "Scale the inputs and use smaller initial weights (Glorot), or switch to ReLU with He initialisation; batch normalisation also helps.",
        IssueKind.OscillatingLoss =>
            "Lower the learning rate or decay it with a schedule; a larger batch gives less noisy updates.",
        IssueKind.SlowLearning =>
            "Raise the learning rate or add momentum (or use Adam); check that the network has enough capacity.",
        IssueKind.Overfitting =>
            "Stop early on the validation loss, add weight regularisation (L2) or dropout, use a smaller network, or get more data.",
        IssueKind.UnscaledInputs =>
            "Standardise or normalise the inputs (input_scaling: standardize or normalize); unscaled inputs make learning slow or unstable.",
        IssueKind.UnscaledTargets =>
            "Standardise or normalise the regression targets (target_scaling: standardize); unscaled targets cause large errors and exploding gradients.",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
