using Hpo.Engine.Options;
using Hpo.Sweeps.Search;

namespace Hpo.Coordinator.Tests.Search;

/// <summary>TPE uses what it has learnt: it beats random search on a smooth toy problem, minimising or maximising.</summary>
public class TpeSamplerTests
{
    private static readonly SearchSpace Space = new([
        new SearchParameter("training.learning_rate", SearchDomain.Float(1e-5, 1, log: true)),
        new SearchParameter("model.units", SearchDomain.Int(16, 256)),
        new SearchParameter("training.optimizer", SearchDomain.Choice(ParamValue.Of("sgd"), ParamValue.Of("momentum"), ParamValue.Of("adam"))),
        new SearchParameter("training.momentum", SearchDomain.Float(0.0, 0.99),
            new SearchCondition("training.optimizer", ParamValue.Of("momentum"))),
    ]);

    private static readonly SearchSpace Toy2D = new([
        new SearchParameter("training.learning_rate", SearchDomain.Float(1e-5, 1, log: true)),
        new SearchParameter("model.units", SearchDomain.Int(16, 256)),
    ]);

    /// <summary>Lowest at lr = 10^-2.5 and 96 units; with an optimiser, momentum with 0.9 is best (adam nearly as good).</summary>
    private static double Toy(TrialConfig c)
    {
        var loss = Math.Pow(Math.Log10(c["training.learning_rate"].Number) + 2.5, 2) + Math.Pow(c["model.units"].AsInt - 96, 2) / 1e4;
        if (c.TryGet("training.optimizer", out var optimizer))
            loss += optimizer.Text switch
            {
                "sgd" => 0.5,
                "adam" => 0.1,
                _ => 2 * Math.Abs(c["training.momentum"].Number - 0.9),
            };
        return loss;
    }

    /// <summary>The best toy loss found in <paramref name="trials"/> trials.</summary>
    private static double Best(ISampler sampler, int trials, bool maximise)
    {
        var history = new List<TrialResult>();
        for (int i = 0; i < trials; i++)
        {
            var c = sampler.Next(history)!;
            history.Add(new TrialResult(c, maximise ? -Toy(c) : Toy(c), 1));
        }
        return history.Min(h => maximise ? -h.Objective : h.Objective);
    }

    private static (double Tpe, double Random) MeanBest(SearchSpace space, int seeds, bool maximise)
    {
        var mode = maximise ? ObjectiveMode.Max : ObjectiveMode.Min;
        var range = Enumerable.Range(1, seeds).ToList();
        return (range.Select(s => Best(new TpeSampler(space, s, mode, new TpeOptions { NStartup = 10 }), 40, maximise)).Average(),
                range.Select(s => Best(new RandomSampler(space, s), 40, maximise)).Average());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Beats_random_search_on_the_mean_best_of_40_trials_over_8_seeds(bool maximise)
    {
        var (tpe, random) = MeanBest(Toy2D, 8, maximise);
        Assert.True(tpe < 0.5 * random, $"TPE's mean best {tpe:G4} is not clearly below random's {random:G4}");
    }

    [Fact]
    public void Beats_random_search_with_a_choice_and_a_conditional_parameter_over_20_seeds()
    {
        var (tpe, random) = MeanBest(Space, 20, maximise: false);
        Assert.True(tpe < random, $"TPE's mean best {tpe:G4} is not below random's {random:G4}");
    }

    [Fact]
    public void Starts_with_random_configurations_for_n_startup_trials()
    {
        var tpe = new TpeSampler(Space, 3, ObjectiveMode.Min, new TpeOptions { NStartup = 5 });
        var random = new RandomSampler(Space, 3);
        var history = new List<TrialResult>();
        for (int i = 0; i < 5; i++)
        {
            var c = tpe.Next(history);
            Assert.Equal(random.Next(history), c);
            history.Add(new TrialResult(c, Toy(c), 1));
        }
    }

    [Fact]
    public void Follows_the_good_trials_of_the_history_and_models_conditional_values_where_active()
    {
        // A history where the momentum optimiser wins, the closer its momentum to 0.95 the better.
        var history = new List<TrialResult>();
        var random = new RandomSampler(Space, 17);
        for (int i = 0; i < 40; i++)
        {
            var c = random.Next([]);
            var loss = c["training.optimizer"].Text == "momentum" ? Math.Abs(c["training.momentum"].Number - 0.95) : 2.0;
            history.Add(new TrialResult(c, loss, 1));
        }

        var tpe = new TpeSampler(Space, 4, ObjectiveMode.Min, new TpeOptions { NStartup = 10 });
        var proposals = Enumerable.Range(0, 100).Select(_ => tpe.Next(history)).ToList();
        var momentum = proposals.Where(p => p["training.optimizer"].Text == "momentum").ToList();
        Assert.True(momentum.Count > 60, $"{momentum.Count} of 100 proposals use momentum");
        Assert.True(momentum.Average(p => p["training.momentum"].Number) > 0.85);
        Assert.All(proposals, p => Assert.Empty(Space.Violations(p)));
    }

    [Fact]
    public void A_diverged_trial_counts_as_the_worst()
    {
        var history = new List<TrialResult>();
        var random = new RandomSampler(Space, 2);
        for (int i = 0; i < 20; i++)
        {
            var c = random.Next([]);
            var adam = c["training.optimizer"].Text == "adam";
            history.Add(new TrialResult(c, adam ? double.NaN : 1.0, 1)); // adam always diverges
        }
        var tpe = new TpeSampler(Space, 9, ObjectiveMode.Max, new TpeOptions { NStartup = 5 });
        var adamShare = Enumerable.Range(0, 100).Count(_ => tpe.Next(history)["training.optimizer"].Text == "adam");
        Assert.True(adamShare < 20, $"{adamShare} of 100 proposals use the optimiser that always diverged");
    }
}
