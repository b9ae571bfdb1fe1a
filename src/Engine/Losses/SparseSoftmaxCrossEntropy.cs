using System.Runtime.CompilerServices;

namespace Hpo.Engine.Losses;

/// <summary>Softmax cross-entropy whose target row holds the class index in its first column.</summary>
public sealed class SparseSoftmaxCrossEntropy : SampleLoss
{
    public override string Name => "sparse_categorical_crossentropy";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override float Sample(ReadOnlySpan<float> z, ReadOnlySpan<float> t, Span<float> g)
    {
        int label = (int)t[0];
        float sum = SoftmaxCrossEntropy.ExpShifted(z, g, out float max);
        float inverse = 1f / sum;
        for (int j = 0; j < z.Length; j++) g[j] *= inverse;
        g[label] -= 1f;
        return max + MathF.Log(sum) - z[label];
    }

    public override void ToPredictions(Span<float> outputs) => SoftmaxCrossEntropy.Softmax(outputs);
}
