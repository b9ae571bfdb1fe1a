namespace Hpo.Sweeps.Search;

/// <summary>
/// Every combination of the parameters' grid values (<see cref="SearchDomain.GridValues"/>), the first
/// parameter varying slowest. An inactive parameter does not multiply the grid: each distinct
/// configuration comes once. The order does not depend on any seed. Returns null when exhausted; an
/// empty space gives one (empty) configuration.
/// </summary>
public sealed class GridSampler : ISampler
{
    private readonly IEnumerator<TrialConfig> _configs;
    private bool _done;

    public GridSampler(SearchSpace space, int pointsPerRange)
    {
        if (pointsPerRange < 1) throw new ArgumentOutOfRangeException(nameof(pointsPerRange), pointsPerRange, "must be >= 1");
        Space = space;
        PointsPerRange = pointsPerRange;
        _configs = Enumerate(space, pointsPerRange).GetEnumerator();
    }

    public SearchSpace Space { get; }
    public int PointsPerRange { get; }

    public TrialConfig? Next(IReadOnlyList<TrialResult> history)
    {
        if (_done) return null;
        if (_configs.MoveNext()) return _configs.Current;
        _done = true;
        _configs.Dispose();
        return null;
    }

    /// <summary>The configurations of the grid, lazily, in the sampler's order.</summary>
    public static IEnumerable<TrialConfig> Enumerate(SearchSpace space, int pointsPerRange)
    {
        var values = space.Parameters.Select(p => p.Domain.GridValues(pointsPerRange)).ToArray();
        var assigned = new Dictionary<string, ParamValue>(StringComparer.Ordinal);
        return Walk(0);

        IEnumerable<TrialConfig> Walk(int i)
        {
            if (i == space.Parameters.Count)
            {
                yield return new TrialConfig(assigned);
                yield break;
            }
            var p = space.Parameters[i];
            if (!p.IsActive(assigned))
            {
                foreach (var c in Walk(i + 1)) yield return c;
                yield break;
            }
            foreach (var v in values[i])
            {
                assigned[p.Path] = v;
                foreach (var c in Walk(i + 1)) yield return c;
            }
            assigned.Remove(p.Path);
        }
    }

    /// <summary>
    /// The number of configurations of the grid, counting no further than <paramref name="cap"/>, without building
    /// them: the product of the axes' sizes when no parameter has a condition, else a walk that only counts.
    /// </summary>
    public static long Count(SearchSpace space, int pointsPerRange, long cap = long.MaxValue)
    {
        var values = space.Parameters.Select(p => p.Domain.GridValues(pointsPerRange)).ToArray();
        if (space.Parameters.All(p => p.Condition is null))
        {
            long product = 1;
            foreach (var axis in values)
                product = product > cap / axis.Count ? cap : Math.Min(cap, product * axis.Count);
            return product;
        }

        var assigned = new Dictionary<string, ParamValue>(StringComparer.Ordinal);
        long n = 0;
        Walk(0);
        return n;

        void Walk(int i)
        {
            if (i == space.Parameters.Count)
            {
                n++;
                return;
            }
            var p = space.Parameters[i];
            if (!p.IsActive(assigned))
            {
                Walk(i + 1);
                return;
            }
            foreach (var v in values[i])
            {
                assigned[p.Path] = v;
                Walk(i + 1);
                if (n >= cap) break;
            }
            assigned.Remove(p.Path);
        }
    }
}
