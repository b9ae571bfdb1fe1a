using System.Runtime.CompilerServices;

namespace Hpo.Engine.Losses;

/// <summary>Binary cross-entropy on logits (sigmoid fused), targets 0/1, averaged over outputs.</summary>
public sealed class BinaryCrossEntropy : SampleLoss
{
    public override string Name => "binary_crossentropy";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override float Sample(ReadOnlySpan<float> z, ReadOnlySpan<float> t, Span<float> g)
    {
        float sum = 0f, k = z.Length;
        for (int j = 0; j < z.Length; j++)
        {
            sum += MathF.Max(z[j], 0f) - z[j] * t[j] + MathF.Log(1f + MathF.Exp(-MathF.Abs(z[j])));
            g[j] = (Sigmoid(z[j]) - t[j]) / k;
        }
        return sum / k;
    }

    public override void ToPredictions(Span<float> outputs)
    {
        for (int j = 0; j < outputs.Length; j++) outputs[j] = Sigmoid(outputs[j]);
    }

    private static float Sigmoid(float z) => z >= 0 ? 1f / (1f + MathF.Exp(-z)) : MathF.Exp(z) / (1f + MathF.Exp(z));
}
