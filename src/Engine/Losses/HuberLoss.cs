using System.Runtime.CompilerServices;
namespace Hpo.Engine.Losses;

public sealed class HuberLoss(float delta) : SampleLoss
{
    public override string Name => "huber";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override float Sample(ReadOnlySpan<float> o, ReadOnlySpan<float> t, Span<float> g)
    {
        float sum = 0f, k = o.Length;
        for (int j = 0; j < o.Length; j++)
        {
            float d = o[j] - t[j], a = MathF.Abs(d);
            if (a <= delta)
            {
                sum += 0.5f * d * d;
                g[j] = d / k;
            }
            else
            {
                sum += delta * (a - 0.5f * delta);
                g[j] = delta * MathF.Sign(d) / k;
            }
        }
        return sum / k;
    }
}
