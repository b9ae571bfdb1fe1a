namespace Hpo.Engine.Optimizers;

/// <summary>Updates trainable, unfrozen parameters from their gradients; keeps its own per-parameter state.</summary>
public interface IOptimizer
{
    void Step(double learningRate);

    /// <summary>
    /// <see cref="Step(double)"/>, also writing each parameter's sum of squared gradients (as read, before
    /// the update) into <paramref name="gradientSquares"/>, in the order the optimiser was given its
    /// parameters: the gradient norms without a pass of their own.
    /// </summary>
    void Step(double learningRate, Span<double> gradientSquares);

    /// <summary>The optimiser's state arrays and step count, in a fixed order, for checkpoints.</summary>
    IReadOnlyList<float[]> State { get; }
    long Steps { get; set; }
}
