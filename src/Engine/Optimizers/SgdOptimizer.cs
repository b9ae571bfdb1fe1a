using System.Runtime.CompilerServices;
using Hpo.Engine.Kernels;
using Hpo.Engine.Layers;

namespace Hpo.Engine.Optimizers;

/// <summary>SGD, with classical or Nesterov momentum (velocity form: v = m v - lr g).</summary>
public sealed class SgdOptimizer(Parameter[] parameters, float momentum, bool nesterov) : IOptimizer
{
    private readonly float[][] _velocity = momentum > 0 ? parameters.Select(p => new float[p.Length]).ToArray() : [];
    private UpdateJob? _job;

    public IReadOnlyList<float[]> State => _velocity;
    public long Steps { get; set; }

    /// <summary>Threads a large parameter's update is split over (the values come out the same).</summary>
    public int Threads { get; init; } = 1;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(double learningRate) => Step(learningRate, Span<double>.Empty);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(double learningRate, Span<double> gradientSquares)
    {
        bool record = !gradientSquares.IsEmpty;
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.Frozen)
            {
                if (record) gradientSquares[i] = ElementWise.SumOfSquares(p.Gradient);
                continue;
            }
            float lr = (float)learningRate * p.LearningRateScale;
            var w = p.Value;
            var g = p.Gradient;
            var job = _job ??= new UpdateJob(Threads);
            double squares = momentum == 0f ? job.Sgd(w, g, lr) : job.Momentum(w, _velocity[i], g, lr, momentum, nesterov);
            if (record) gradientSquares[i] = squares;
        }
        Steps++;
    }
}
