using Hpo.Engine;

namespace Hpo.Sweeps.Search;

/// <summary>
/// A density over a numeric range for TPE: a mixture of Gaussians truncated to [<see cref="Low"/>,
/// <see cref="High"/>] (in the parameter's working space: the value, or its logarithm), one centred on
/// each observation and one wide prior component at the middle. Each observation's width is the larger
/// distance to its neighbours, clipped to [range / min(100, n + 1), range] (Bergstra et al. 2011's
/// adaptive Parzen estimator).
/// </summary>
internal sealed class NumericParzen
{
    private readonly double[] _means;
    private readonly double[] _sigmas;
    private readonly double[] _logNormalisers; // log of each truncated component's mass within [Low, High]

    public NumericParzen(IReadOnlyList<double> observations, double low, double high)
    {
        Low = low;
        High = high;
        double range = high - low;
        var points = observations.Select(x => Math.Clamp(x, low, high)).Append((low + high) / 2).Order().ToArray();
        _means = points;
        _sigmas = new double[points.Length];
        double minSigma = range / Math.Min(100.0, observations.Count + 1.0);
        int prior = Array.IndexOf(points, (low + high) / 2);
        for (int i = 0; i < points.Length; i++)
        {
            double left = i == 0 ? points[i] - low : points[i] - points[i - 1];
            double right = i == points.Length - 1 ? high - points[i] : points[i + 1] - points[i];
            _sigmas[i] = Math.Clamp(Math.Max(left, right), minSigma, range);
        }
        _sigmas[prior] = range;
        _logNormalisers = new double[points.Length];
        for (int i = 0; i < points.Length; i++)
            _logNormalisers[i] = Math.Log(Math.Max(Normal.Mass((low - _means[i]) / _sigmas[i], (high - _means[i]) / _sigmas[i]), 1e-300));
    }

    public double Low { get; }
    public double High { get; }

    /// <summary>A draw: a component chosen uniformly, then its Gaussian truncated to the range (by rejection).</summary>
    public double Sample(Rng rng)
    {
        int k = rng.NextInt(_means.Length);
        for (int attempt = 0; attempt < 64; attempt++)
        {
            double x = rng.NextGaussian(_means[k], _sigmas[k]);
            if (x >= Low && x <= High) return x;
        }
        return Math.Clamp(rng.NextGaussian(_means[k], _sigmas[k]), Low, High);
    }

    /// <summary>The log of the mixture's density at <paramref name="x"/>.</summary>
    public double LogDensity(double x)
    {
        Span<double> terms = _means.Length <= 256 ? stackalloc double[_means.Length] : new double[_means.Length];
        for (int i = 0; i < _means.Length; i++)
            terms[i] = Normal.LogDensity((x - _means[i]) / _sigmas[i]) - Math.Log(_sigmas[i]) - _logNormalisers[i];
        return LogMeanExp(terms);
    }

    /// <summary>The log of the mixture's mass over [a, b] (an integer's bin).</summary>
    public double LogMass(double a, double b)
    {
        Span<double> terms = _means.Length <= 256 ? stackalloc double[_means.Length] : new double[_means.Length];
        for (int i = 0; i < _means.Length; i++)
            terms[i] = Math.Log(Math.Max(Normal.Mass((a - _means[i]) / _sigmas[i], (b - _means[i]) / _sigmas[i]), 1e-300)) - _logNormalisers[i];
        return LogMeanExp(terms);
    }

    private static double LogMeanExp(ReadOnlySpan<double> terms)
    {
        double max = double.NegativeInfinity;
        foreach (var t in terms) max = Math.Max(max, t);
        if (double.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (var t in terms) sum += Math.Exp(t - max);
        return max + Math.Log(sum / terms.Length);
    }
}
