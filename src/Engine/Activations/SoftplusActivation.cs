using Hpo.Engine.Options;

namespace Hpo.Engine.Activations;

public sealed class SoftplusActivation : IActivation
{
    public ActivationKind Kind => ActivationKind.Softplus;

    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            float v = x[i];
            y[i] = MathF.Max(v, 0f) + MathF.Log(1f + MathF.Exp(-MathF.Abs(v)));
        }
    }

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = dy[i] / (1f + MathF.Exp(-x[i]));
    }
}
