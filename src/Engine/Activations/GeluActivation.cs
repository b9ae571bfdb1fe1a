using Hpo.Engine.Options;

namespace Hpo.Engine.Activations;

/// <summary>GELU in its tanh approximation (as in GPT-2 and Keras' approximate=True).</summary>
public sealed class GeluActivation : IActivation
{
    private const float C = 0.7978845608028654f; // sqrt(2 / pi)
    private const float K = 0.044715f;
    public ActivationKind Kind => ActivationKind.Gelu;

    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            float v = x[i];
            y[i] = 0.5f * v * (1f + MathF.Tanh(C * (v + K * v * v * v)));
        }
    }

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            float v = x[i];
            float t = MathF.Tanh(C * (v + K * v * v * v));
            float grad = 0.5f * (1f + t) + 0.5f * v * (1f - t * t) * C * (1f + 3f * K * v * v);
            dx[i] = dy[i] * grad;
        }
    }
}
