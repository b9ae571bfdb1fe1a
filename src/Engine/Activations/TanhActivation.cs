using System.Numerics.Tensors;
using Hpo.Engine.Options;

namespace Hpo.Engine.Activations;

public sealed class TanhActivation : IActivation
{
    public ActivationKind Kind => ActivationKind.Tanh;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = dy[i] * (1f - y[i] * y[i]);
    }
}
