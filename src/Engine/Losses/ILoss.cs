using Hpo.Engine.Kernels;
using Hpo.Engine.Tensors;

namespace Hpo.Engine.Losses;

/// <summary>
/// A loss over a batch of raw network outputs. Compute returns the mean over the batch of
/// weight_i * loss_i and writes d(that mean)/d(outputs) into gradient, values below 2^-100 flushed to zero
/// (<see cref="Subnormals.Negligible"/>: a saturated softmax makes them by the million, and times a weight
/// or an activation they would underflow in the backward products).
/// </summary>
public interface ILoss
{
    string Name { get; }

    double Compute(Matrix outputs, Matrix targets, ReadOnlySpan<float> sampleWeights, Matrix gradient);

    /// <summary>Turns one row of raw outputs into predictions in place (softmax, sigmoid or identity).</summary>
    void ToPredictions(Span<float> outputs);
}
