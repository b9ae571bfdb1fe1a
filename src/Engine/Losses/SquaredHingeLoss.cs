using System.Runtime.CompilerServices;

namespace Hpo.Engine.Losses;

/// <summary>Squared hinge loss, targets -1/+1: max(0, 1 - t * y)^2.</summary>
public sealed class SquaredHingeLoss : SampleLoss
{
    public override string Name => "squared_hinge";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override float Sample(ReadOnlySpan<float> o, ReadOnlySpan<float> t, Span<float> g)
    {
        float sum = 0f, k = o.Length;
        for (int j = 0; j < o.Length; j++)
        {
            float margin = MathF.Max(1f - t[j] * o[j], 0f);
            sum += margin * margin;
            g[j] = -2f * t[j] * margin / k;
        }
        return sum / k;
    }
}
