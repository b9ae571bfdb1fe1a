using Hpo.Engine.Options;

namespace Hpo.Engine.Activations;

public sealed class LeakyReluActivation(float alpha) : IActivation
{
    public ActivationKind Kind => ActivationKind.LeakyRelu;

    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = x[i] > 0f ? x[i] : alpha * x[i];
    }

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = x[i] > 0f ? dy[i] : alpha * dy[i];
    }
}
