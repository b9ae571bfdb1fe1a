namespace Hpo.Engine.Optimizers;

/// <summary>Updates trainable, unfrozen parameters from their gradients; keeps its own per-parameter state.</summary>
public interface IOptimizer
{
    void Step(double learningRate);

    /// <summary>The optimiser's state arrays and step count, in a fixed order, for checkpoints.</summary>
    IReadOnlyList<float[]> State { get; }
    long Steps { get; set; }
}
