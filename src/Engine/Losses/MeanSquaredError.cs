using System.Runtime.CompilerServices;
namespace Hpo.Engine.Losses;

public sealed class MeanSquaredError : SampleLoss
{
    public override string Name => "mse";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override float Sample(ReadOnlySpan<float> o, ReadOnlySpan<float> t, Span<float> g)
    {
        float sum = 0f, k = o.Length;
        for (int j = 0; j < o.Length; j++)
        {
            float d = o[j] - t[j];
            sum += d * d;
            g[j] = 2f * d / k;
        }
        return sum / k;
    }
}
