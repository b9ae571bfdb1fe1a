using System.Runtime.CompilerServices;
using Hpo.Engine.Kernels;
using Hpo.Engine.Tensors;

namespace Hpo.Engine.Losses;

/// <summary>
/// Softmax fused with cross-entropy against a target distribution (one-hot for classes):
/// -sum t log softmax(z); with <see cref="KullbackLeibler"/> the constant sum t log t is added.
/// </summary>
public sealed class SoftmaxCrossEntropy(bool kullbackLeibler = false) : SampleLoss
{
    public override string Name => KullbackLeibler ? "kl_divergence" : "categorical_crossentropy";
    public bool KullbackLeibler { get; } = kullbackLeibler;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override float Sample(ReadOnlySpan<float> z, ReadOnlySpan<float> t, Span<float> g)
    {
        // One exponential per logit: g holds exp(z - max) until the sum is known.
        float sum = ExpShifted(z, g, out float max);
        float logSum = max + MathF.Log(sum);
        float loss = 0f, targetMass = 0f;
        for (int j = 0; j < z.Length; j++)
        {
            if (t[j] != 0f)
            {
                loss -= t[j] * (z[j] - logSum);
                if (KullbackLeibler) loss += t[j] * MathF.Log(t[j]);
            }
            targetMass += t[j];
        }
        float scale = targetMass / sum;
        for (int j = 0; j < z.Length; j++) g[j] = g[j] * scale - t[j];
        return loss;
    }

    public override void ToPredictions(Span<float> outputs) => Softmax(outputs);

    /// <summary>Up to 16 classes on AVX-512: the whole batch in one vector pass (<see cref="SoftmaxCrossEntropyKernel"/>).</summary>
    public override double Compute(Matrix outputs, Matrix targets, ReadOnlySpan<float> sampleWeights, Matrix gradient)
    {
        if (KullbackLeibler || !SoftmaxCrossEntropyKernel.Suits(outputs.Cols)) return base.Compute(outputs, targets, sampleWeights, gradient);
        gradient.SetRows(outputs.Rows);
        return SoftmaxCrossEntropyKernel.Batch(outputs.Span, targets.Span, sampleWeights, gradient.Span, outputs.Rows, outputs.Cols);
    }

    /// <summary>The smallest argument of the exponentials: e^-87.3 is the last normal float above 2^-126.</summary>
    internal const float MinExponent = -87.3f;

    /// <summary>e[j] = exp(max(z[j] - max z, -87.3)); returns the sum of e and the max.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float ExpShifted(ReadOnlySpan<float> z, Span<float> e, out float max)
    {
        max = float.NegativeInfinity;
        foreach (var v in z) max = MathF.Max(max, v);
        float sum = 0f;
        for (int j = 0; j < z.Length; j++)
        {
            // Clamped as the AVX-512 kernel clamps: below e^-87.3 the exponential would underflow (libm's slow
            // path, and a subnormal); a term that small changes neither the sum nor the gradient it becomes.
            float x = MathF.Exp(MathF.Max(z[j] - max, MinExponent));
            e[j] = x;
            sum += x;
        }
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float LogSumExp(ReadOnlySpan<float> z)
    {
        float max = float.NegativeInfinity;
        foreach (var v in z) max = MathF.Max(max, v);
        float sum = 0f;
        foreach (var v in z) sum += MathF.Exp(v - max);
        return max + MathF.Log(sum);
    }

    internal static void Softmax(Span<float> z)
    {
        float logSum = LogSumExp(z);
        for (int j = 0; j < z.Length; j++) z[j] = Subnormals.Flush(MathF.Exp(z[j] - logSum));
    }
}
