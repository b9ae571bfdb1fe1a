using System.Runtime.CompilerServices;
namespace Hpo.Engine.Losses;

public sealed class MeanAbsoluteError : SampleLoss
{
    public override string Name => "mae";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override float Sample(ReadOnlySpan<float> o, ReadOnlySpan<float> t, Span<float> g)
    {
        float sum = 0f, k = o.Length;
        for (int j = 0; j < o.Length; j++)
        {
            float d = o[j] - t[j];
            sum += MathF.Abs(d);
            g[j] = MathF.Sign(d) / k;
        }
        return sum / k;
    }
}
