using System.Runtime.CompilerServices;

namespace Hpo.Engine.Losses;

/// <summary>Hinge loss, targets -1/+1: max(0, 1 - t * y).</summary>
public sealed class HingeLoss : SampleLoss
{
    public override string Name => "hinge";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override float Sample(ReadOnlySpan<float> o, ReadOnlySpan<float> t, Span<float> g)
    {
        float sum = 0f, k = o.Length;
        for (int j = 0; j < o.Length; j++)
        {
            float margin = 1f - t[j] * o[j];
            sum += MathF.Max(margin, 0f);
            g[j] = margin > 0f ? -t[j] / k : 0f;
        }
        return sum / k;
    }
}
