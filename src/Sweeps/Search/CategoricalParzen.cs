using Hpo.Engine;

namespace Hpo.Sweeps.Search;

/// <summary>A distribution over a choice's values for TPE: observed counts plus one pseudo-count per value.</summary>
internal sealed class CategoricalParzen
{
    private readonly double[] _probabilities;

    public CategoricalParzen(IReadOnlyList<int> observedIndices, int count)
    {
        _probabilities = new double[count];
        for (int i = 0; i < count; i++) _probabilities[i] = 1;
        foreach (var i in observedIndices) _probabilities[i] += 1;
        double total = _probabilities.Sum();
        for (int i = 0; i < count; i++) _probabilities[i] /= total;
    }

    public int Sample(Rng rng)
    {
        double u = rng.NextDouble(), cumulative = 0;
        for (int i = 0; i < _probabilities.Length; i++)
        {
            cumulative += _probabilities[i];
            if (u < cumulative) return i;
        }
        return _probabilities.Length - 1;
    }

    public double LogProbability(int index) => Math.Log(_probabilities[index]);
}
