using CsCheck;
using Hpo.Engine;
using Hpo.Engine.Options;
using Hpo.Sweeps.Search;

namespace Hpo.Coordinator.Tests.Search;

/// <summary>Properties over generated spaces: every sampler's configurations lie in their domains and respect their conditions.</summary>
public class SamplerPropertyTests
{
    /// <summary>
    /// A space of <paramref name="count"/> parameters drawn from <paramref name="seed"/>: choices, integer
    /// and real ranges (some on a log scale); about half of the later ones conditional on an earlier choice
    /// or small integer range, some nested two deep.
    /// </summary>
    internal static SearchSpace RandomSpace(int count, int seed)
    {
        var rng = new Rng(seed);
        var parameters = new List<SearchParameter>();
        for (int i = 0; i < count; i++)
        {
            SearchDomain domain = rng.NextInt(3) switch
            {
                0 => new ChoiceDomain(Enumerable.Range(0, 1 + rng.NextInt(4)).Select(k => ParamValue.Of($"v{k}"))),
                1 when rng.NextInt(2) == 0 => SearchDomain.Int(1 + rng.NextInt(5), 6 + rng.NextInt(500), log: true),
                1 => SearchDomain.Int(-rng.NextInt(5), rng.NextInt(5)),
                _ when rng.NextInt(2) == 0 => SearchDomain.Float(1e-6 * (1 + rng.NextDouble()), 1 + rng.NextDouble(), log: true),
                _ => SearchDomain.Float(-rng.NextDouble(), rng.NextDouble()),
            };
            SearchCondition? condition = null;
            var parents = parameters.Where(p => p.Domain is ChoiceDomain || p.Domain is IntDomain { Count: <= 10 }).ToList();
            if (parents.Count > 0 && rng.NextInt(2) == 0)
            {
                var parent = parents[rng.NextInt(parents.Count)];
                var values = parent.Domain.GridValues(10);
                var allowed = values.Where(_ => rng.NextInt(2) == 0).DefaultIfEmpty(values[rng.NextInt(values.Count)]);
                condition = new SearchCondition(parent.Path, allowed.ToArray());
            }
            parameters.Add(new SearchParameter($"p{i}", domain, condition));
        }
        return new SearchSpace(parameters);
    }

    private static ISampler Sampler(int kind, SearchSpace space, int seed) => kind switch
    {
        0 => new RandomSampler(space, seed),
        1 => new SobolSampler(space, seed),
        2 => new TpeSampler(space, seed, seed % 2 == 0 ? ObjectiveMode.Min : ObjectiveMode.Max, new TpeOptions { NStartup = 4, Candidates = 8 }),
        _ => new GridSampler(space, 3),
    };

    /// <summary>An arbitrary but fixed objective of a configuration, so that TPE has something to model.</summary>
    private static double Objective(TrialConfig c) =>
        c.Values.Sum(kv => kv.Value.Kind == ParamKind.Text ? kv.Value.Text!.Length : Math.Sin(kv.Value.Number));

    [Fact]
    public void Every_sampled_configuration_lies_in_its_domains_and_respects_its_conditions()
    {
        Gen.Select(Gen.Int[1, 8], Gen.Int, Gen.Int[0, 3], Gen.Int[0, 1000]).Sample((count, spaceSeed, kind, seed) =>
        {
            var space = RandomSpace(count, spaceSeed);
            var sampler = Sampler(kind, space, seed);
            var history = new List<TrialResult>();
            for (int i = 0; i < 25; i++)
            {
                if (sampler.Next(history) is not { } config) break;
                foreach (var p in space.Parameters)
                {
                    var active = p.Condition is null || p.Condition.Clauses.All(c =>
                        config.TryGet(c.Parent, out var parentValue) && c.Allowed.Contains(parentValue));
                    Assert.Equal(active, config.TryGet(p.Path, out var value));
                    if (active) Assert.True(p.Domain.Contains(value), $"{p.Path} = {value} outside {p.Domain}");
                }
                Assert.Equal(config.Values.Count, space.Parameters.Count(p => config.TryGet(p.Path, out _)));
                Assert.Empty(space.Violations(config));
                history.Add(new TrialResult(config, Objective(config), 1));
            }
        }, iter: 150, threads: 1);
    }

    [Fact]
    public void Every_sampled_trial_of_a_conditional_sweep_builds_with_one_width_per_layer()
    {
        var sweep = SamplerTests.ConditionalSweep();
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 100_000]).Sample((kind, seed) =>
        {
            var sampler = Sampler(kind, sweep.Space, seed);
            var history = new List<TrialResult>();
            for (int i = 0; i < 15; i++)
            {
                var config = sampler.Next(history)!;
                var trial = sweep.Materialize(config);
                Assert.Equal(config["model.layers"].AsInt, trial.Model.HiddenUnits.Count);
                Assert.All(trial.Model.HiddenUnits, w => Assert.Contains(w, new[] { 32, 64, 128 }));
                Assert.InRange(trial.Training.LearningRate, 1e-4, 1e-1);
                Assert.InRange(trial.Training.BatchSize, 16, 256);
                var momentum = config.TryGet("training.momentum", out var m);
                Assert.Equal(momentum, trial.Training.Optimizer is OptimizerKind.Momentum or OptimizerKind.Nesterov);
                Assert.Equal(momentum ? m.Number : new TrainingOptions().Momentum, trial.Training.Momentum);
                history.Add(new TrialResult(config, trial.Training.LearningRate, 1));
            }
        }, iter: 40, threads: 1);
    }
}
