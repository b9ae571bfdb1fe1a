namespace Hpo.Sweeps.Specs;

/// <summary><c>training.class_weights</c>: none, balanced (inverse class frequency), or one weight per class.</summary>
public sealed record ClassWeightsValue(bool Balanced, IReadOnlyList<float>? Weights)
{
    public static ClassWeightsValue None { get; } = new(false, null);
    public static ClassWeightsValue BalancedWeights { get; } = new(true, null);
}
