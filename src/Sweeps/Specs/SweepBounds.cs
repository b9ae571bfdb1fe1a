using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// What a sweep's search may cost, checked over its whole space before it is journaled: a grid of at most
/// <see cref="SpecLimits.MaxGridConfigurations"/> configurations (counted, never built), and a generated dataset
/// within <see cref="SpecLimits.MaxGeneratedCells"/> at the largest samples and features the search can take.
/// </summary>
internal static class SweepBounds
{
    public static void Check(SearchSpace space, SearchOptions search, Engine.Data.DataOptions data, SpecContext context)
    {
        if (search.Sampler == SamplerKind.Grid) CheckGrid(space, search.GridPoints, context);
        CheckGeneratedData(space, data, context);
    }

    private static void CheckGrid(SearchSpace space, int points, SpecContext context)
    {
        var count = GridSampler.Count(space, points, SpecLimits.MaxGridConfigurations + 1);
        if (count <= SpecLimits.MaxGridConfigurations) return;
        var axes = string.Join(" x ", space.Parameters.Select(p => $"{p.Path} {p.Domain.GridValues(points).Count}"));
        context.Error(SpecPath.Join(SearchSection.Path, "sampler"),
            $"the grid holds more than {SpecLimits.MaxGridConfigurations:N0} configurations ({axes}); " +
            "lower search.grid_points, search fewer values, or use sampler random, sobol or tpe");
    }

    private static void CheckGeneratedData(SearchSpace space, Engine.Data.DataOptions data, SpecContext context)
    {
        long? Largest(string key) => space.Find(SpecPath.Join(DataSection.Path, key)) is { } p ? DomainExtent.MaxInteger(p.Domain) : null;
        var samples = Largest("samples");
        var features = Largest("features");
        // Fixed values were checked as the data section was read.
        if (samples is null && features is null) return;
        DataSection.CheckGeneratedSize(data.Dataset, samples ?? data.Samples, features ?? data.Features, "up to ", context);
    }
}
