using Hpo.Engine.Options;

namespace Hpo.Sweeps.Search;

/// <summary>Makes the sampler a sweep's <c>search.sampler</c> names.</summary>
public static class SamplerFactory
{
    /// <summary>
    /// The sampler for <paramref name="options"/>; a space with no parameters always gets a grid (its
    /// single, empty configuration, then exhaustion), whatever the sampler.
    /// </summary>
    /// <param name="mode">Whether the objective is maximised or minimised (TPE ranks trials by it).</param>
    public static ISampler Create(SearchOptions options, SearchSpace space, int seed, ObjectiveMode mode)
    {
        if (space.IsEmpty) return new GridSampler(space, options.GridPoints);
        return options.Sampler switch
        {
            SamplerKind.Grid => new GridSampler(space, options.GridPoints),
            SamplerKind.Random => new RandomSampler(space, seed),
            SamplerKind.Sobol => new SobolSampler(space, seed, options.Scramble),
            SamplerKind.Tpe => new TpeSampler(space, seed, mode, options.Tpe),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Sampler, "unknown sampler"),
        };
    }
}
