using System.Runtime.CompilerServices;
namespace Hpo.Engine.Losses;

/// <summary>Mean squared logarithmic error; predictions below -1 + 1e-7 are clamped (their gradient is then 0).</summary>
public sealed class MeanSquaredLogarithmicError : SampleLoss
{
    private const float Floor = -1f + 1e-7f;
    public override string Name => "msle";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override float Sample(ReadOnlySpan<float> o, ReadOnlySpan<float> t, Span<float> g)
    {
        float sum = 0f, k = o.Length;
        for (int j = 0; j < o.Length; j++)
        {
            bool clamped = o[j] < Floor;
            float oc = clamped ? Floor : o[j];
            float d = MathF.Log(1f + oc) - MathF.Log(1f + MathF.Max(t[j], Floor));
            sum += d * d;
            g[j] = clamped ? 0f : 2f * d / (1f + oc) / k;
        }
        return sum / k;
    }
}
