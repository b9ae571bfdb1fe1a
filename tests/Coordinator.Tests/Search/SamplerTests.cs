using Hpo.Engine.Options;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Search;

/// <summary>Every sampler is deterministic by seed, honours conditions, and the grid is exactly the product.</summary>
public class SamplerTests
{
    private static ParamValue I(long v) => ParamValue.Of(v);
    private static ParamValue F(double v) => ParamValue.Of(v);
    private static ParamValue T(string v) => ParamValue.Of(v);

    /// <summary>Optimiser with momentum only for sgd-like optimisers; depth with one width per layer.</summary>
    internal static SweepSpec ConditionalSweep(string sampler = "random") => SweepSpecParser.Parse($$$"""
        data: {dataset: digits}
        model:
          layers: {int: [1, 4]}
          units: {per_layer: {choice: [32, 64, 128]}}
          dropout: {uniform: [0.0, 0.5]}
        training:
          optimizer: {choice: [adam, sgd, momentum, nesterov]}
          momentum: {uniform: [0.5, 0.99], when: {optimizer: [momentum, nesterov]}}
          learning_rate: {loguniform: [1.0e-4, 1.0e-1]}
          batch_size: {logint: [16, 256]}
        search: {sampler: {{{sampler}}}, grid_points: 3}
        """, "conditional.yaml");

    /// <summary>A made-up objective (lower is better) so that TPE has a history to model.</summary>
    private static double Loss(TrialConfig c) =>
        Math.Pow(Math.Log10(c["training.learning_rate"].Number) + 2.5, 2) + c["model.dropout"].Number
        + (c["training.optimizer"].Text == "adam" ? 0 : 0.3) + c["model.layers"].AsInt * 0.05;

    private static List<TrialConfig> Run(ISampler sampler, int count)
    {
        var history = new List<TrialResult>();
        var configs = new List<TrialConfig>();
        for (int i = 0; i < count; i++)
        {
            var c = sampler.Next(history);
            if (c is null) break;
            configs.Add(c);
            history.Add(new TrialResult(c, Loss(c), 10));
        }
        return configs;
    }

    private static ISampler Make(string kind, SearchSpace space, int seed) => kind switch
    {
        "random" => new RandomSampler(space, seed),
        "sobol" => new SobolSampler(space, seed),
        "sobol-plain" => new SobolSampler(space, seed, scramble: false),
        "tpe" => new TpeSampler(space, seed, ObjectiveMode.Min, new TpeOptions { NStartup = 8 }),
        "grid" => new GridSampler(space, 3),
        _ => throw new ArgumentException(kind),
    };

    [Theory]
    [InlineData("random")]
    [InlineData("sobol")]
    [InlineData("sobol-plain")]
    [InlineData("tpe")]
    [InlineData("grid")]
    public void The_same_seed_gives_the_same_sequence_of_configurations(string kind)
    {
        var space = ConditionalSweep().Space;
        var first = Run(Make(kind, space, 11), 40);
        Assert.Equal(40, first.Count);
        Assert.Equal(first, Run(Make(kind, space, 11), 40));
        Assert.True(first.Distinct().Count() >= 35, $"{kind} repeats itself: {first.Distinct().Count()} distinct of 40");
    }

    [Theory]
    [InlineData("random")]
    [InlineData("sobol")]
    [InlineData("tpe")]
    public void Different_seeds_give_different_sequences(string kind)
    {
        var space = ConditionalSweep().Space;
        var a = Run(Make(kind, space, 1), 20);
        var b = Run(Make(kind, space, 2), 20);
        Assert.True(a.Zip(b).Count(p => p.Item1.Equals(p.Item2)) <= 1);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("sobol")]
    [InlineData("tpe")]
    [InlineData("grid")]
    public void Conditional_parameters_appear_exactly_when_their_condition_holds(string kind)
    {
        var sweep = ConditionalSweep();
        var configs = Run(Make(kind, sweep.Space, 5), kind == "grid" ? int.MaxValue : 300); // the whole grid
        Assert.Contains(configs, c => c["training.optimizer"].Text == "adam");
        Assert.Contains(configs, c => c["model.layers"].AsInt == 2);
        foreach (var c in configs)
        {
            var optimizer = c["training.optimizer"].Text;
            Assert.Equal(optimizer is "momentum" or "nesterov", c.TryGet("training.momentum", out _));
            var layers = c["model.layers"].AsInt;
            for (int i = 1; i <= 4; i++) Assert.Equal(i <= layers, c.TryGet($"model.units.{i}", out _));
            Assert.Empty(sweep.Space.Violations(c));
        }
        // And the trial built from one has as many widths as layers.
        var two = configs.First(c => c["model.layers"].AsInt == 2);
        Assert.Equal(2, sweep.Materialize(two).Model.HiddenUnits.Count);
    }

    [Fact]
    public void The_grid_is_exactly_the_cartesian_product()
    {
        var space = new SearchSpace([
            new SearchParameter("a", SearchDomain.Choice(T("x"), T("y"), T("z"))),
            new SearchParameter("b", SearchDomain.Int(1, 4)),
            new SearchParameter("c", SearchDomain.Float(0, 1)),
            new SearchParameter("d", SearchDomain.Float(1e-3, 1e-1, log: true)),
        ]);
        var grid = new GridSampler(space, 4);
        var configs = new List<TrialConfig>();
        while (grid.Next([]) is { } c) configs.Add(c);
        Assert.Null(grid.Next([]));

        var expected =
            from a in new[] { "x", "y", "z" }
            from b in new long[] { 1, 2, 3, 4 }
            from c in new[] { 0.0, 1 / 3.0, 2 / 3.0, 1.0 }
            from d in new[] { 1e-3, 1e-3 * Math.Pow(100, 1 / 3.0), 1e-3 * Math.Pow(100, 2 / 3.0), 1e-1 }
            select (a, b, Math.Round(c, 12), Math.Round(d, 12));
        Assert.Equal(3 * 4 * 4 * 4, configs.Count);
        Assert.Equal(expected.ToHashSet(),
            configs.Select(x => (x["a"].Text!, x["b"].AsInt, Math.Round(x["c"].Number, 12), Math.Round(x["d"].Number, 12))).ToHashSet());
        Assert.Equal(configs.Count, GridSampler.Count(space, 4));
        // With fewer points than integers, an integer range is spread too: 3 x 3 x 3 x 3.
        Assert.Equal(81, GridSampler.Count(space, 3));
    }

    [Fact]
    public void The_grid_does_not_multiply_inactive_parameters()
    {
        var space = new SearchSpace([
            new SearchParameter("opt", SearchDomain.Choice(T("adam"), T("sgd"), T("momentum"))),
            new SearchParameter("momentum", SearchDomain.Float(0.5, 0.9), new SearchCondition("opt", T("momentum"))),
            new SearchParameter("layers", SearchDomain.Choice(I(1), I(2))),
            new SearchParameter("units.2", SearchDomain.Choice(I(32), I(64)), new SearchCondition("layers", I(2))),
        ]);
        var configs = GridSampler.Enumerate(space, 4).ToList();
        // optimiser: adam, sgd, and momentum x 4 points = 6; depth: 1, and 2 x 2 widths = 3.
        Assert.Equal(6 * 3, configs.Count);
        // Counted without building them, conditions included; a cap stops the count there.
        Assert.Equal(configs.Count, GridSampler.Count(space, 4));
        Assert.Equal(10, GridSampler.Count(space, 4, cap: 10));
        Assert.Equal(configs.Count, configs.Distinct().Count());
        Assert.All(configs, c => Assert.Empty(space.Violations(c)));
    }

    [Fact]
    public void An_empty_space_gives_one_configuration_from_the_factory_whatever_the_sampler()
    {
        foreach (var kind in Enum.GetValues<SamplerKind>())
        {
            var sampler = SamplerFactory.Create(new SearchOptions { Sampler = kind }, SearchSpace.Empty, 1, ObjectiveMode.Max);
            Assert.Equal(TrialConfig.Empty, sampler.Next([]));
            Assert.Null(sampler.Next([]));
        }
    }
}
