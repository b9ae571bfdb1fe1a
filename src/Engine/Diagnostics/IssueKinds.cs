namespace Hpo.Engine.Diagnostics;

public static class IssueKinds
{
    /// <summary>The snake_case name used in output and JSON, e.g. exploding_gradients.</summary>
    public static string Name(IssueKind kind) => kind switch
    {
        IssueKind.Divergence => "divergence",
        IssueKind.ExplodingGradients => "exploding_gradients",
        IssueKind.VanishingGradients => "vanishing_gradients",
        IssueKind.DeadRelu => "dead_relu",
        IssueKind.SaturatedUnits => "saturated_units",
        IssueKind.OscillatingLoss => "oscillating_loss",
        IssueKind.SlowLearning => "slow_learning",
        IssueKind.Overfitting => "overfitting",
        IssueKind.UnscaledInputs => "unscaled_inputs",
        IssueKind.UnscaledTargets => "unscaled_targets",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
