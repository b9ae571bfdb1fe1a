using Hpo.Coordinator.Cluster;
using Hpo.Engine.Training;
using Hpo.Protocol;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;

namespace Hpo.Coordinator.Tests.Sweeps;

/// <summary>What the one flow of the orders a finished sweep sends once does the same for each kind, and what it logs.</summary>
public sealed class OncePerSweepOrderTests
{
    private static readonly TrialPlan Plan = new()
    {
        Data = new Hpo.Engine.Data.DataOptions { Dataset = "iris", Test = 0.2 },
        Model = new Hpo.Engine.Options.ModelOptions(),
        Training = new Hpo.Engine.Options.TrainingOptions(),
        ObjectiveMetric = "val_accuracy",
    };

    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;
    private static readonly Evaluation Figures = new(30, 0.5, 0.9, null, null, null);

    [Fact]
    public void An_answer_of_the_other_kind_is_not_the_answer()
    {
        var test = new OncePerSweepOrder(new BestTrialTest(4, 9, Plan), T0, TimeSpan.FromMinutes(2));
        var refit = new OncePerSweepOrder(new BestTrialRefit(4, 9, Plan), T0, TimeSpan.FromMinutes(2));

        Assert.Null(test.OnAnswer(new TrialRefitted("s", 4, 9, 120, Figures, null, "a").ToCore()));
        Assert.Null(refit.OnAnswer(new TrialEvaluated("s", 4, 9, Figures, null, "a").ToCore()));
        Assert.False(test.Done);
        Assert.False(refit.Done);
        Assert.IsType<BestTrialTested>(test.OnAnswer(new TrialEvaluated("s", 4, 9, Figures, null, "a").ToCore()));
        Assert.IsType<BestTrialRefitted>(refit.OnAnswer(new TrialRefitted("s", 4, 9, 120, Figures, null, "a").ToCore()));
    }

    [Fact]
    public void Each_kind_says_what_it_does_for_the_log()
    {
        Assert.Equal("evaluating the best trial 4 (epoch 9) on the test split", new BestTrialTest(4, 9, Plan).Doing);
        Assert.Equal("evaluating and storing the best trial 4 (epoch 9)", new BestTrialTest(4, 9, Plan, storeModel: true).Doing);
        Assert.Equal("refitting the best trial 4 for 9 epochs", new BestTrialRefit(4, 9, Plan).Doing);
    }

    [Fact]
    public void A_given_up_outcome_is_logged_as_warnings_and_an_answer_as_information()
    {
        var gaveUp = OncePerSweepOrder.Outcome(new BestTrialTested(4, 9, null, "no worker") { ModelError = "no worker" }, null, hasTestSplit: true);
        Assert.Equal(
            [new OutcomeLine(true, "the best trial 4 has no test figures: no worker"),
             new OutcomeLine(true, "the best trial 4's model at epoch 9 is not stored: no worker")], gaveUp);
        Assert.Empty(OncePerSweepOrder.Outcome(new BestTrialTested(4, 9, null, "the data has no test samples"), "a", hasTestSplit: false));
        Assert.Equal([new OutcomeLine(true, "the best trial 4 has no refit: diverged")],
            OncePerSweepOrder.Outcome(new BestTrialRefitted(4, 9, 0, null, "diverged"), null, hasTestSplit: true));

        var answered = Assert.Single(OncePerSweepOrder.Outcome(new BestTrialRefitted(4, 9, 120, Figures, null), "node-a", hasTestSplit: true));
        Assert.False(answered.Warning);
        Assert.EndsWith("(on node-a)", answered.Text, StringComparison.Ordinal);
    }
}
