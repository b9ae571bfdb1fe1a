using System.Runtime.CompilerServices;
using Hpo.Engine.Kernels;
using Hpo.Engine.Layers;
using Hpo.Engine.Options;

namespace Hpo.Engine.Optimizers;

public static class OptimizerFactory
{
    public static IOptimizer Create(TrainingOptions o, IReadOnlyList<Parameter> parameters)
    {
        var trainable = parameters.Where(p => p.Trainable).ToArray();
        return o.Optimizer switch
        {
            OptimizerKind.Sgd => new SgdOptimizer(trainable, 0, nesterov: false) { Threads = o.Threads },
            OptimizerKind.Momentum => new SgdOptimizer(trainable, (float)o.Momentum, nesterov: false) { Threads = o.Threads },
            OptimizerKind.Nesterov => new SgdOptimizer(trainable, (float)o.Momentum, nesterov: true) { Threads = o.Threads },
            OptimizerKind.Adagrad => new AdagradOptimizer(trainable, (float)o.Epsilon),
            OptimizerKind.RmsProp => new RmsPropOptimizer(trainable, (float)o.Rho, (float)o.Epsilon),
            OptimizerKind.Adam => new AdamOptimizer(trainable, (float)o.Beta1, (float)o.Beta2, (float)o.Epsilon, 0f) { Threads = o.Threads },
            OptimizerKind.AdamW => new AdamOptimizer(trainable, (float)o.Beta1, (float)o.Beta2, (float)o.Epsilon, (float)o.WeightDecay) { Threads = o.Threads },
            var k => throw new ArgumentException($"unknown optimizer {k}"),
        };
    }
}

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
