using CsCheck;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Plans;

namespace Hpo.Coordinator.Tests.Search.Scheduling;

public class HyperbandBracketsTests
{
    [Fact]
    public void R81_eta3_matches_the_papers_table()
    {
        // Li et al., JMLR 2018, Table 1: (n_i, r_i) per bracket s for R = 81, eta = 3.
        (int N, double R)[][] paper =
        [
            [(81, 1), (27, 3), (9, 9), (3, 27), (1, 81)],
            [(34, 3), (11, 9), (3, 27), (1, 81)],
            [(15, 9), (5, 27), (1, 81)],
            [(8, 27), (2, 81)],
            [(5, 81)],
        ];
        var brackets = HyperbandBrackets.Compute(81, 3);
        Assert.Equal(paper.Length, brackets.Count);
        for (int b = 0; b < paper.Length; b++)
        {
            Assert.Equal(4 - b, brackets[b].S);
            Assert.Equal(paper[b].Select(x => x.N), brackets[b].Rungs.Select(r => r.Trials));
            Assert.Equal(paper[b].Select(x => x.R), brackets[b].Rungs.Select(r => r.Resource));
        }
    }

    [Theory]
    [InlineData(81, 3)]
    [InlineData(27, 3)]
    [InlineData(16, 2)]
    [InlineData(100, 4)]
    [InlineData(1, 3)]
    public void Brackets_follow_the_papers_formulas(int maxResource, int eta) => CheckAgainstFormulas(maxResource, eta);

    [Fact]
    public void Brackets_follow_the_papers_formulas_for_random_R_and_eta() =>
        Gen.Select(Gen.Int[1, 2000], Gen.Int[2, 6]).Sample((r, eta) => CheckAgainstFormulas(r, eta), iter: 300);

    /// <summary>Algorithm 1 of the paper, in doubles, written out independently of the implementation.</summary>
    private static void CheckAgainstFormulas(int maxResource, int eta)
    {
        double R = maxResource;
        int sMax = (int)Math.Floor(Math.Log(R) / Math.Log(eta) + 1e-9);
        double B = (sMax + 1) * R;
        var brackets = HyperbandBrackets.Compute(R, eta);
        Assert.Equal(sMax + 1, brackets.Count);
        foreach (var bracket in brackets)
        {
            int s = bracket.S;
            double n = Math.Ceiling(B / R * Math.Pow(eta, s) / (s + 1) - 1e-9);
            double r = R * Math.Pow(eta, -s);
            Assert.Equal(s + 1, bracket.Rungs.Count);
            for (int i = 0; i <= s; i++)
            {
                Assert.Equal((int)Math.Floor(n * Math.Pow(eta, -i) + 1e-9), bracket.Rungs[i].Trials);
                Assert.Equal(r * Math.Pow(eta, i), bracket.Rungs[i].Resource, 9);
                Assert.True(bracket.Rungs[i].Trials >= 1);
            }
            Assert.Equal(R, bracket.Rungs[^1].Resource, 9);
        }
    }

    [Fact]
    public void Synchronous_hyperband_plan_uses_the_brackets_in_whole_epochs()
    {
        var plan = SweepPlan.For(new SchedulerOptions { Kind = SchedulerKind.Hyperband, MinEpochs = 1, MaxEpochs = 100, ReductionFactor = 4 });
        // R = 100, eta = 4: s_max = 3, r = 100/64, 100/16, 100/4, 100 rounded to whole epochs.
        Assert.Equal([2, 6, 25, 100], plan.Brackets[0].Milestones);
        Assert.Equal([64, 16, 4, 1], plan.Brackets[0].Sizes!);
        Assert.Equal([100], plan.Brackets[^1].Milestones);
        Assert.Equal(4, plan.Brackets.Count);
    }

    [Fact]
    public void Minimum_epochs_scale_the_resource_unit()
    {
        var plan = SweepPlan.For(new SchedulerOptions { Kind = SchedulerKind.Hyperband, MinEpochs = 2, MaxEpochs = 54, ReductionFactor = 3 });
        // R = 27 units of 2 epochs.
        Assert.Equal([2, 6, 18, 54], plan.Brackets[0].Milestones);
        Assert.Equal([27, 9, 3, 1], plan.Brackets[0].Sizes!);
        Assert.Equal([6, 18, 54], plan.Brackets[1].Milestones);
        Assert.Equal([12, 4, 1], plan.Brackets[1].Sizes!);
    }

    [Fact]
    public void Asha_rungs_are_geometric_from_the_minimum_and_end_at_the_maximum()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.Asha, MinEpochs = 1, MaxEpochs = 100, ReductionFactor = 3 };
        Assert.Equal([1, 3, 9, 27, 81, 100], SweepPlan.For(o).Brackets[0].Milestones);
        Assert.Equal([9, 27, 81, 100], SweepPlan.For(o with { GracePeriod = 5 }).Brackets[0].Milestones);
        var hb = SweepPlan.For(o with { Kind = SchedulerKind.HyperbandAsync, MaxEpochs = 81 });
        Assert.Equal([[1, 3, 9, 27, 81], [3, 9, 27, 81], [9, 27, 81], [27, 81], [81]], hb.Brackets.Select(b => b.Milestones.ToArray()));
        // Trials are shared in the proportions of synchronous Hyperband's bracket sizes.
        Assert.Equal([81, 34, 15, 8, 5], hb.Brackets.Select(b => b.Weight));
    }

    [Fact]
    public void Successive_halving_plans_eta_to_the_power_of_the_rungs_above()
    {
        var plan = SweepPlan.For(new SchedulerOptions { Kind = SchedulerKind.SuccessiveHalving, MinEpochs = 1, MaxEpochs = 27, ReductionFactor = 3 });
        Assert.Equal([1, 3, 9, 27], plan.Brackets.Single().Milestones);
        Assert.Equal([27, 9, 3, 1], plan.Brackets.Single().Sizes!);
    }
}
