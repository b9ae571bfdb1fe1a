using Hpo.Engine.Options;
using Hpo.Sweeps.Search;

namespace Hpo.Coordinator.Tests.Search;

/// <summary>Under a halving scheduler TPE compares trials on equal budgets: the highest rung enough of them reached (BOHB's rule).</summary>
public class TpeRungTests
{
    private static readonly SearchSpace Space = new([
        new SearchParameter("training.learning_rate", SearchDomain.Float(1e-4, 1e-1, log: true)),
    ]);

    private static double Log10Lr(TrialConfig c) => Math.Log10(c["training.learning_rate"].Number);

    /// <summary>
    /// Accuracy after 3 epochs is best at a high learning rate (10^-1.5); after 9 epochs at a low one (10^-3.5), where
    /// the high rates have stalled: what a short budget favours is not what the long one does.
    /// </summary>
    private static TrialResult Result(TrialConfig c, bool reachedNine)
    {
        double x = Log10Lr(c);
        double atThree = 0.8 - 0.02 * Math.Pow(x + 1.5, 2), atNine = 0.9 - 0.02 * Math.Pow(x + 3.5, 2);
        return reachedNine
            ? new TrialResult(c, atNine, 9) { Rungs = [new RungResult(3, atThree), new RungResult(9, atNine)] }
            : new TrialResult(c, atThree, 3) { Rungs = [new RungResult(3, atThree)] };
    }

    private static double MeanProposal(int promotedEvery)
    {
        var proposals = new List<double>();
        for (int seed = 1; seed <= 6; seed++)
        {
            var sampler = new TpeSampler(Space, seed, ObjectiveMode.Max, new TpeOptions { NStartup = 8 });
            var warmup = new RandomSampler(Space, 100 + seed);
            var history = new List<TrialResult>();
            for (int i = 0; i < 24; i++)
            {
                var c = warmup.Next(history)!;
                history.Add(Result(c, reachedNine: i % promotedEvery == 0));
            }
            for (int i = 0; i < 10; i++) proposals.Add(Log10Lr(sampler.Next(history)));
        }
        return proposals.Average();
    }

    [Fact]
    public void With_enough_trials_at_the_second_rung_it_proposes_what_is_best_there()
    {
        Assert.InRange(MeanProposal(promotedEvery: 3), -4.0, -3.0); // 8 of 24 reached 9 epochs: n_startup's 8 are enough
    }

    [Fact]
    public void Until_enough_trials_reached_the_second_rung_it_follows_the_first()
    {
        Assert.InRange(MeanProposal(promotedEvery: 6), -2.0, -1.0); // 4 of 24 reached 9 epochs: every trial at 3 epochs
    }
}
