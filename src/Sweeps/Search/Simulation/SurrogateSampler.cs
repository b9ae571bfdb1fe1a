namespace Hpo.Sweeps.Search.Simulation;

/// <summary>
/// A sampler for simulations and tests: the i-th call returns <see cref="SurrogateSpace.Config"/>(seed, i),
/// ignoring the history, and null after <paramref name="limit"/> configurations (a finished grid).
/// <paramref name="skip"/> positions a new sampler after configurations already drawn (recovery).
/// </summary>
public sealed class SurrogateSampler(long seed, int? limit = null, int skip = 0) : ISampler
{
    private int _next = skip;

    public int Drawn => _next;

    public TrialConfig? Next(IReadOnlyList<TrialResult> history)
    {
        if (limit is { } l && _next >= l)
            return null;
        return SurrogateSpace.Config(seed, _next++);
    }
}
