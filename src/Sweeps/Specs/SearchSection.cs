using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// The <c>search</c> section of a sweep: sampler, scheduler and its resources, budgets, early
/// stopping and the samplers' settings, into <see cref="SearchOptions"/>. Fixed values only.
/// </summary>
public static class SearchSection
{
    public const string Path = "search";

    public static EnumReader<SamplerKind> Sampler { get; } = SpecValues.Enum("sampler",
        ("grid", SamplerKind.Grid), ("random", SamplerKind.Random), ("sobol", SamplerKind.Sobol), ("tpe", SamplerKind.Tpe));

    public static EnumReader<SchedulerKind> Scheduler { get; } = SpecValues.Enum("scheduler",
        ("fifo", SchedulerKind.Fifo), ("sha", SchedulerKind.SuccessiveHalving), ("asha", SchedulerKind.Asha),
        ("hyperband", SchedulerKind.Hyperband), ("hyperband_async", SchedulerKind.HyperbandAsync),
        ("median", SchedulerKind.Median), ("asha_stop", SchedulerKind.AshaStop));

    public static EnumReader<string> Variant { get; } = SpecValues.Enum("hyperband variant", ("sync", "sync"), ("async", "async"));

    internal static SpecTable<TpeOptions> TpeTable { get; } = new("tpe",
        SpecKey.Of<TpeOptions, int>("n_startup", SpecValues.NonNegativeInteger, (o, v) => o with { NStartup = v }),
        SpecKey.Of<TpeOptions, int>("candidates", SpecValues.PositiveInteger, (o, v) => o with { Candidates = v }),
        SpecKey.Of<TpeOptions, double>("gamma", SpecValues.OpenUnit, (o, v) => o with { Gamma = v }));

    internal static SpecTable<SearchDraft> Table { get; } = new("search",
        Set("sampler", Sampler, (o, v) => o with { Sampler = v }),
        Set("scheduler", Scheduler, (o, v) => o with { Scheduler = v }),
        SpecKey.Of<SearchDraft, string>("variant", Variant, (d, v) => d with { Variant = v }),
        Set("reduction_factor", SpecValues.IntegerAtLeast(2), (o, v) => o with { ReductionFactor = v }),
        Set("min_epochs", SpecValues.Epochs, (o, v) => o with { MinEpochs = v }),
        Set("grace_period", SpecValues.Epochs, (o, v) => o with { GracePeriod = v }),
        Set("brackets", SpecValues.PositiveInteger, (o, v) => o with { Brackets = v }),
        Set("max_trials", SpecValues.PositiveInteger, (o, v) => o with { MaxTrials = v }),
        Set("max_concurrent", SpecValues.PositiveInteger, (o, v) => o with { MaxConcurrent = v }),
        Set("priority", SpecValues.Positive, (o, v) => o with { Priority = v }),
        Set("max_total_epochs", SpecValues.PositiveInteger, (o, v) => o with { MaxTotalEpochs = v }),
        Set("time_budget", new DurationReader(), (o, v) => o with { TimeBudget = v }),
        Set("early_stopping", new TrialPatienceReader(), (o, v) => o with { EarlyStopping = v }),
        Set("grid_points", SpecValues.IntegerIn(2, SpecLimits.MaxGridPoints), (o, v) => o with { GridPoints = v }),
        Set("scramble", SpecValues.Bool, (o, v) => o with { Scramble = v }),
        Set("refit", SpecValues.Bool, (o, v) => o with { Refit = v }),
        Set("tpe", new SectionReader<TpeOptions>(TpeTable, () => new TpeOptions()), (o, v) => o with { Tpe = v }));

    private static SpecKey<SearchDraft, T> Set<T>(string name, SpecValueReader<T> reader, Func<SearchOptions, T, SearchOptions> set) =>
        new(name, reader, (d, v) => d with { Options = set(d.Options, v) });

    /// <summary>
    /// Reads the section (null when absent) given the maximum resource (<c>training.max_epochs</c>) and
    /// the number of searched parameters; checks the keys against each other and settles the defaults:
    /// grace_period is min_epochs, max_trials is <see cref="SearchOptions.DefaultMaxTrials"/> unless
    /// the sampler is grid or another budget is given.
    /// </summary>
    public static SearchOptions Read(SpecEntry? entry, int maxEpochs, int parameterCount, SpecContext context)
    {
        var node = entry?.Value;
        var draft = Table.Read(node, Path, new SearchDraft(), context,
            (_, e, keyPath) => context.Error(keyPath, e.Value, $"takes a fixed value, not a search space ({{{Kind(e.Value)}: ...}})"));
        var mapping = node as SpecMapping;
        bool Given(string key) => mapping?.Find(key) is not null;
        string At(string key) => SpecPath.Join(Path, key);

        var o = draft.Options with { MaxEpochs = maxEpochs };
        if (!Given("grace_period")) o = o with { GracePeriod = o.MinEpochs };

        if (draft.Variant is { } variant)
        {
            if (o.Scheduler is not (SchedulerKind.Hyperband or SchedulerKind.HyperbandAsync))
                context.Error(At("variant"), $"applies to the hyperband scheduler only (the scheduler is {Scheduler.NameOf(o.Scheduler)})");
            else if (o.Scheduler == SchedulerKind.HyperbandAsync && variant == "sync")
                context.Error(At("variant"), "is sync but the scheduler is hyperband_async; give scheduler: hyperband with variant: sync");
            else if (variant == "async")
                o = o with { Scheduler = SchedulerKind.HyperbandAsync };
        }

        if (o.MinEpochs > maxEpochs)
            context.Error(At("min_epochs"), $"must be <= training.max_epochs ({maxEpochs}), the maximum resource (got {o.MinEpochs})");
        else if (Given("grace_period") && o.GracePeriod > maxEpochs)
            context.Error(At("grace_period"), $"must be <= training.max_epochs ({maxEpochs}) (got {o.GracePeriod})");
        else if (o.Brackets is { } brackets && brackets > o.MaxBrackets
                 && o.Scheduler is SchedulerKind.Hyperband or SchedulerKind.HyperbandAsync or SchedulerKind.Asha or SchedulerKind.AshaStop)
            context.Error(At("brackets"),
                $"must be <= {o.MaxBrackets} for min_epochs {o.MinEpochs}, max_epochs {maxEpochs} and reduction_factor {o.ReductionFactor} (got {brackets})");

        if (o.Sampler == SamplerKind.Sobol && parameterCount > SobolSequence.MaxDimensions)
            context.Error(At("sampler"),
                $"sobol supports at most {SobolSequence.MaxDimensions} searched parameters; this sweep has {parameterCount} (use random or tpe)");

        if (o.Sampler != SamplerKind.Grid && o.MaxTrials is null && o.MaxTotalEpochs is null && o.TimeBudget is null)
            o = o with { MaxTrials = SearchOptions.DefaultMaxTrials };
        return o;
    }

    private static string Kind(SpecNode node) => SearchSpaceSyntax.TryGetKind(node, out var kind) ? kind : "";
}
