using Hpo.Engine.Options;

namespace Hpo.Engine.Activations;

public sealed class SeluActivation : IActivation
{
    private const float Lambda = 1.0507009873554805f;
    private const float Alpha = 1.6732632423543772f;
    public ActivationKind Kind => ActivationKind.Selu;

    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = x[i] > 0f ? Lambda * x[i] : Lambda * Alpha * (MathF.Exp(x[i]) - 1f);
    }

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = x[i] > 0f ? Lambda * dy[i] : dy[i] * (y[i] + Lambda * Alpha);
    }
}
