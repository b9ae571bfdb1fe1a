using Hpo.Coordinator.Reports;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Reports;

public sealed class ParameterImportanceTests
{
    private static readonly ParameterAxis A = new("a", ParameterScale.Log, 1e-4, 1, []);
    private static readonly ParameterAxis B = new("b", ParameterScale.Linear, 0, 100, []);
    private static readonly ParameterAxis C = new("c", ParameterScale.Choice, null, null, ["x", "y", "z"]);

    /// <summary>60 configurations spread over the three axes independently (golden-ratio sequences).</summary>
    private static IEnumerable<(double A, double B, string C)> Grid() => Enumerable.Range(1, 60).Select(i =>
        (Math.Pow(10, -4 + 4 * ((i * 0.618034) % 1)), 100 * ((i * 0.754878) % 1), (new[] { "x", "y", "z" })[i * 7 % 3]));

    private static TrialConfig Config(double a, double b, string c) =>
        new([new("a", ParamValue.Of(a)), new("b", ParamValue.Of(b)), new("c", ParamValue.Of(c))]);

    [Fact]
    public void An_objective_that_depends_only_on_one_parameter_gives_it_most_of_the_importance()
    {
        var trials = Grid().Select(g => (Config(g.A, g.B, g.C), Math.Log10(g.A))).ToArray();

        var shares = ParameterImportance.Compute([A, B, C], trials);

        Assert.Equal("a", shares[0].Path);
        Assert.True(shares[0].Importance > 0.8, $"a has {shares[0].Importance:P0}");
        Assert.True(shares[0].ExplainedVariance > 0.9, $"a explains {shares[0].ExplainedVariance:P0}");
        Assert.Equal(1, shares.Sum(s => s.Importance), 9);
    }

    [Fact]
    public void A_choice_that_drives_the_objective_ranks_first()
    {
        var trials = Grid().Select(g => (Config(g.A, g.B, g.C), g.C == "y" ? 1.0 : 0.0)).ToArray();

        var shares = ParameterImportance.Compute([A, B, C], trials);

        Assert.Equal("c", shares[0].Path);
        Assert.True(shares[0].Importance > 0.8, $"c has {shares[0].Importance:P0}");
        Assert.Equal(1, shares[0].ExplainedVariance, 9);
    }

    [Fact]
    public void A_constant_objective_gives_no_parameter_any_importance()
    {
        var trials = Grid().Select(g => (Config(g.A, g.B, g.C), 0.5)).ToArray();

        var shares = ParameterImportance.Compute([A, B, C], trials);

        Assert.All(shares, s => Assert.Equal(0, s.Importance));
        Assert.Equal(["a", "b", "c"], shares.Select(s => s.Path));
    }

    [Fact]
    public void Too_few_trials_or_a_parameter_absent_from_the_configurations_explain_nothing()
    {
        var few = Grid().Take(ParameterImportance.MinimumTrials - 1).Select(g => (Config(g.A, g.B, g.C), g.A)).ToArray();
        var absent = new ParameterAxis("d", ParameterScale.Linear, 0, 1, []);

        Assert.All(ParameterImportance.Compute([A, B, C], few), s => Assert.Equal(0, s.Importance));
        var shares = ParameterImportance.Compute([A, absent], Grid().Select(g => (Config(g.A, g.B, g.C), g.A)).ToArray());
        Assert.Equal(0, shares.Single(s => s.Path == "d").Trials);
        Assert.Equal(1, shares.Single(s => s.Path == "a").Importance, 9);
    }

    [Fact]
    public void The_learning_rate_drives_the_sample_sweep_and_ranks_first()
    {
        var history = ReportHistories.Asha();
        var scored = history.Trials.Where(t => t.Status is TrialStatus.Completed or TrialStatus.Stopped)
            .Select(t => (t.Config, t.Curve[^1].Objective)).ToArray();

        var shares = ParameterImportance.Compute(history.Parameters, scored);

        Assert.Equal(ReportHistories.LearningRate, shares[0].Path);
    }
}
