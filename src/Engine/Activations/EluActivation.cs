using Hpo.Engine.Options;

namespace Hpo.Engine.Activations;

public sealed class EluActivation(float alpha) : IActivation
{
    public ActivationKind Kind => ActivationKind.Elu;

    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = x[i] > 0f ? x[i] : alpha * (MathF.Exp(x[i]) - 1f);
    }

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = x[i] > 0f ? dy[i] : dy[i] * (y[i] + alpha);
    }
}
