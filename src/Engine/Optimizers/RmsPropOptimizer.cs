using System.Runtime.CompilerServices;
using Hpo.Engine.Kernels;
using Hpo.Engine.Layers;

namespace Hpo.Engine.Optimizers;

public sealed class RmsPropOptimizer(Parameter[] parameters, float rho, float epsilon) : IOptimizer
{
    private readonly float[][] _meanSquares = parameters.Select(p => new float[p.Length]).ToArray();

    public IReadOnlyList<float[]> State => _meanSquares;
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
            var s = _meanSquares[i];
            for (int j = 0; j < w.Length; j++)
            {
                float gj = g[j];
                s[j] = Subnormals.Flush(rho * s[j] + (1f - rho) * gj * gj);
                w[j] = Subnormals.Flush(w[j] - lr * gj / (MathF.Sqrt(s[j]) + epsilon));
            }
        }
        Steps++;
    }
}
