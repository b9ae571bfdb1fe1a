using System.Runtime.CompilerServices;
using Hpo.Engine.Kernels;
using Hpo.Engine.Layers;

namespace Hpo.Engine.Training;

/// <summary>Gradient norms and clipping by value and by global norm over all trainable parameters.</summary>
internal static class GradientClipper
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double GlobalNorm(Parameter[] trainable)
    {
        double sum = 0;
        foreach (var p in trainable) sum += ElementWise.SumOfSquares(p.Gradient);
        return Math.Sqrt(sum);
    }

    public static void ClipByValue(Parameter[] trainable, float limit)
    {
        foreach (var p in trainable)
        {
            var g = p.Gradient;
            for (int i = 0; i < g.Length; i++) g[i] = Math.Clamp(g[i], -limit, limit);
        }
    }

    /// <summary>Scales every gradient by limit / norm when the global norm exceeds limit.</summary>
    public static void ClipByNorm(Parameter[] trainable, double norm, double limit)
    {
        if (!(norm > limit)) return;
        float scale = (float)(limit / norm);
        foreach (var p in trainable)
        {
            var g = p.Gradient;
            for (int i = 0; i < g.Length; i++) g[i] = Subnormals.Flush(g[i] * scale);
        }
    }
}
