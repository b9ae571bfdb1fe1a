using Hpo.Engine;

namespace Hpo.Sweeps.Search;

/// <summary>Independent uniform points of the unit hypercube, mapped through the space. Ignores the history.</summary>
public sealed class RandomSampler : IResumableSampler
{
    private readonly SearchSpace _space;
    private readonly Rng _rng;
    private readonly double[] _point;

    public RandomSampler(SearchSpace space, int seed)
    {
        _space = space;
        _rng = new Rng(seed);
        _point = new double[space.Dimensions];
    }

    public TrialConfig Next(IReadOnlyList<TrialResult> history)
    {
        // One draw per dimension, active or not, so that each call consumes the same stream length.
        for (int i = 0; i < _point.Length; i++) _point[i] = _rng.NextDouble();
        return _space.FromUnitPoint(_point);
    }

    public ulong[] SaveState() => _rng.ExportState();

    public void RestoreState(ReadOnlySpan<ulong> state) => _rng.ImportState(state);
}
