using System.Numerics.Tensors;
using Hpo.Engine.Options;

namespace Hpo.Engine.Activations;

public sealed class SigmoidActivation : IActivation
{
    public ActivationKind Kind => ActivationKind.Sigmoid;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sigmoid(x, y);

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = dy[i] * y[i] * (1f - y[i]);
    }
}
