namespace Hpo.Engine.Kernels;

/// <summary>The scalar reference of <see cref="UpdateKernels"/>, element by element; tests compare the two bit for bit.</summary>
public static class UpdateReference
{
    /// <summary>v = momentum * v - lr * g; then w += v (classical) or w += momentum * v - lr * g (Nesterov).</summary>
    public static void Momentum(Span<float> w, Span<float> v, ReadOnlySpan<float> g, float lr, float momentum, bool nesterov)
    {
        for (int j = 0; j < w.Length; j++)
        {
            float step = lr * Subnormals.FlushBelow(g[j], Subnormals.Negligible);
            v[j] = Subnormals.FlushBelow(momentum * v[j] - step, Subnormals.Negligible);
            w[j] = Subnormals.Flush(w[j] + (nesterov ? momentum * v[j] - step : v[j]));
        }
    }

    /// <summary>Adam's update, as <see cref="UpdateKernels.Adam"/>.</summary>
    public static void Adam(Span<float> w, Span<float> m, Span<float> v, ReadOnlySpan<float> g,
        float beta1, float beta2, float epsilon, float stepSize, float decay)
    {
        for (int j = 0; j < w.Length; j++)
        {
            float gj = Subnormals.FlushBelow(g[j], Subnormals.Negligible), gs = Subnormals.FlushBelow(gj, UpdateKernels.SquaredNegligible);
            m[j] = Subnormals.FlushBelow(beta1 * m[j] + (1f - beta1) * gj, Subnormals.Negligible);
            v[j] = Subnormals.FlushBelow(beta2 * v[j] + (1f - beta2) * gs * gs, Subnormals.Negligible);
            w[j] = Subnormals.Flush(w[j] - (stepSize * m[j] / (MathF.Sqrt(v[j]) + epsilon) + decay * w[j]));
        }
    }
}
