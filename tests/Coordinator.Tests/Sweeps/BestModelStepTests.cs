using Hpo.Coordinator.Cluster;
using Hpo.Engine.Training;
using Hpo.Protocol;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;

namespace Hpo.Coordinator.Tests.Sweeps;

/// <summary>The end step that stores the winner's model at its objective epoch (<see cref="BestTrialTest.StoreModel"/>).</summary>
public sealed class BestModelStepTests
{
    private static readonly TrialPlan Plan = new()
    {
        Data = new Hpo.Engine.Data.DataOptions { Dataset = "iris" },
        Model = new Hpo.Engine.Options.ModelOptions(),
        Training = new Hpo.Engine.Options.TrainingOptions(),
        ObjectiveMetric = "val_accuracy",
    };

    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    private static OncePerSweepOrder Storing() => new(new BestTrialTest(4, 6, Plan, storeModel: true), T0, TimeSpan.FromMinutes(2), maxTries: 1);

    [Fact]
    public void The_order_asks_to_store_and_a_stored_answer_is_recorded_as_stored()
    {
        var step = Storing();
        Assert.Equal("a", step.Next(T0, "a").SendTo);
        Assert.True(((BestTrialTest)step.Work).StoreModel);

        var tested = Assert.IsType<BestTrialTested>(step.OnAnswer(new TrialEvaluated("s", 4, 6, null, null, "a") { Stored = true }.ToCore()));

        Assert.True(tested.ModelStored);
        Assert.Null(tested.ModelError);
        Assert.Equal(6, tested.Epoch);
    }

    [Fact]
    public void An_answer_that_stored_nothing_records_the_workers_reason_and_keeps_the_test_figures()
    {
        var figures = new Evaluation(30, 0.5, 0.9, null, null, null);
        var tested = Assert.IsType<BestTrialTested>(Storing().OnAnswer(new TrialEvaluated("s", 4, 6, figures, null, "a") { StoreError = "disk full" }.ToCore()));

        Assert.False(tested.ModelStored);
        Assert.Equal("disk full", tested.ModelError);
        Assert.Equal(figures, tested.Test);
    }

    [Fact]
    public void A_model_stored_at_another_epoch_is_not_the_objectives()
    {
        var tested = Assert.IsType<BestTrialTested>(Storing().OnAnswer(new TrialEvaluated("s", 4, 5, null, null, "a") { Stored = true }.ToCore()));

        Assert.False(tested.ModelStored);
        Assert.Contains("answered for epoch 5", tested.ModelError, StringComparison.Ordinal);
    }

    [Fact]
    public void Giving_up_records_why_the_model_is_not_stored()
    {
        var step = Storing();
        step.Next(T0, "a");

        var gaveUp = Assert.IsType<BestTrialTested>(step.Next(T0 + TimeSpan.FromMinutes(3), "a").Record);

        Assert.False(gaveUp.ModelStored);
        Assert.Contains("no worker answered", gaveUp.ModelError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_alone_neither_asks_to_store_nor_records_a_store()
    {
        var step = new OncePerSweepOrder(new BestTrialTest(4, 6, Plan), T0, TimeSpan.FromMinutes(2));
        Assert.Equal("a", step.Next(T0, "a").SendTo);
        Assert.False(((BestTrialTest)step.Work).StoreModel);

        var tested = Assert.IsType<BestTrialTested>(step.OnAnswer(new TrialEvaluated("s", 4, 6, new Evaluation(30, 0.5, 0.9, null, null, null), null, "a").ToCore()));

        Assert.False(tested.ModelStored);
        Assert.Null(tested.ModelError);
    }
}
