namespace Hpo.Sweeps.Search;

/// <summary>
/// Quasi-random configurations: successive points of a Sobol sequence mapped through the space, one
/// dimension per parameter. Unscrambled, the origin is skipped (its point would put every parameter
/// at its lower end), so the first points are (0.5, ...), (0.75, 0.25, ...), (0.25, 0.75, ...).
/// Scrambled by the seed, the sequence starts at its first point. Ignores the history.
/// </summary>
public sealed class SobolSampler : ISampler
{
    private readonly SearchSpace _space;
    private readonly SobolSequence? _sequence;
    private readonly double[] _point;

    /// <exception cref="ArgumentException">The space has more parameters than <see cref="SobolSequence.MaxDimensions"/>.</exception>
    public SobolSampler(SearchSpace space, int seed, bool scramble = true)
    {
        if (space.Dimensions > SobolSequence.MaxDimensions)
            throw new ArgumentException(
                $"the Sobol sampler supports at most {SobolSequence.MaxDimensions} parameters; the space has {space.Dimensions}", nameof(space));
        _space = space;
        _point = new double[space.Dimensions];
        if (space.Dimensions == 0) return;
        _sequence = new SobolSequence(space.Dimensions, scramble ? seed : null);
        if (!scramble) _sequence.Skip(1);
    }

    public TrialConfig Next(IReadOnlyList<TrialResult> history)
    {
        _sequence?.Next(_point);
        return _space.FromUnitPoint(_point);
    }
}
