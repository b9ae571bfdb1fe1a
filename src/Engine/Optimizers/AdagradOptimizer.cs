using System.Runtime.CompilerServices;
using Hpo.Engine.Kernels;
using Hpo.Engine.Layers;

namespace Hpo.Engine.Optimizers;

public sealed class AdagradOptimizer(Parameter[] parameters, float epsilon) : IOptimizer
{
    private readonly float[][] _sumSquares = parameters.Select(p => Filled(p.Length, 0.1f)).ToArray();

    public IReadOnlyList<float[]> State => _sumSquares;
    public long Steps { get; set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(double learningRate, Span<double> gradientSquares)
    {
        for (int i = 0; i < gradientSquares.Length; i++) gradientSquares[i] = ElementWise.SumOfSquares(parameters[i].Gradient);
        Step(learningRate);
    }

    public void Step(double learningRate)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.Frozen) continue;
            float lr = (float)learningRate * p.LearningRateScale;
            var w = p.Value;
            var g = p.Gradient;
            var s = _sumSquares[i];
            for (int j = 0; j < w.Length; j++)
            {
                float gj = g[j];
                s[j] = Subnormals.Flush(s[j] + gj * gj);
                w[j] = Subnormals.Flush(w[j] - lr * gj / (MathF.Sqrt(s[j]) + epsilon));
            }
        }
        Steps++;
    }

    private static float[] Filled(int n, float v)
    {
        var a = new float[n];
        Array.Fill(a, v);
        return a;
    }
}
