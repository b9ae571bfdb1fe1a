using System.Runtime.CompilerServices;
using Hpo.Engine.Kernels;
using Hpo.Engine.Layers;

namespace Hpo.Engine.Optimizers;

/// <summary>Adam with bias correction; with a weight decay it is AdamW (decoupled decay on weights only).</summary>
public sealed class AdamOptimizer : IOptimizer
{
    private readonly Parameter[] _parameters;
    private readonly float _beta1, _beta2, _epsilon, _weightDecay;
    private readonly float[][] _first;
    private readonly float[][] _second;

    public AdamOptimizer(Parameter[] parameters, float beta1, float beta2, float epsilon, float weightDecay)
    {
        _parameters = parameters;
        (_beta1, _beta2, _epsilon, _weightDecay) = (beta1, beta2, epsilon, weightDecay);
        _first = parameters.Select(p => new float[p.Length]).ToArray();
        _second = parameters.Select(p => new float[p.Length]).ToArray();
        State = [.. _first, .. _second];
    }

    private UpdateJob? _job;

    public IReadOnlyList<float[]> State { get; }
    public long Steps { get; set; }

    /// <summary>Threads a large parameter's update is split over (the values come out the same).</summary>
    public int Threads { get; init; } = 1;

    public void Step(double learningRate) => Step(learningRate, Span<double>.Empty);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(double learningRate, Span<double> gradientSquares)
    {
        bool record = !gradientSquares.IsEmpty;
        Steps++;
        float correction1 = 1f - MathF.Pow(_beta1, Steps);
        float correction2 = 1f - MathF.Pow(_beta2, Steps);
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.Frozen)
            {
                if (record) gradientSquares[i] = ElementWise.SumOfSquares(p.Gradient);
                continue;
            }
            float lr = (float)learningRate * p.LearningRateScale;
            float stepSize = lr * MathF.Sqrt(correction2) / correction1;
            var w = p.Value;
            var g = p.Gradient;
            var m = _first[i];
            var v = _second[i];
            float decay = p.IsWeight ? lr * _weightDecay : 0f;
            var job = _job ??= new UpdateJob(Threads);
            double squares = job.Adam(w, m, v, g, _beta1, _beta2, _epsilon, stepSize, decay);
            if (record) gradientSquares[i] = squares;
        }
    }
}
