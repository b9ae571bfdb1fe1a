using Hpo.Coordinator.Cluster;
using Hpo.Engine.Training;
using Hpo.Protocol;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Sharing;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Sweeps;

/// <summary>The best trial's test figures: what the view folds and shows, and how the one evaluation is asked for.</summary>
public sealed class BestTrialTestTests
{
    private static string Spec(double test) => """
        name: tested
        seed: 5
        data: {dataset: iris, validation: 0.2, test: TEST}
        objective: val_accuracy
        model: {units: {int: [4, 64]}}
        training:
          learning_rate: {loguniform: [1.0e-4, 1.0e-1]}
          max_epochs: 9
        search: {sampler: random, scheduler: asha, reduction_factor: 3, min_epochs: 1, max_trials: 6}
        """.Replace("TEST", test.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>A sweep run to its end on instant fake workers, its journal folded into a view as the actor does.</summary>
    private static (SweepController Controller, SweepView View, FakeCluster Cluster) Finished(double test = 0.2, bool cancel = false)
    {
        var text = Spec(test);
        var spec = SweepSpecParser.Parse(text, "tested.yaml");
        var controller = new SweepController(spec, new SweepDecider(SweepSchedule.Options(spec), spec.CreateSampler()), TimeSpan.FromSeconds(30));
        var cluster = new FakeCluster(controller);
        var view = new SweepView(new SweepCreated("tested", text, "tested.yaml", null, DateTimeOffset.UnixEpoch), spec);
        cluster.Apply(controller.OnShare([new NodeAllowance("a", 2, 0)], cluster.Now));
        if (cancel)
        {
            cluster.Step();
            cluster.Apply(controller.Cancel(cluster.Now));
        }
        else cluster.RunToEnd();
        foreach (var e in cluster.Journal) view.Apply(e);
        Assert.True(controller.State.IsFinished);
        return (controller, view, cluster);
    }

    private static SweepStatus Status(SweepController c, SweepView v) => v.Status(c.State, 2, 0, 10);

    [Fact]
    public void A_finished_sweep_with_a_test_split_is_not_over_until_its_best_trials_figures_are_recorded()
    {
        var (controller, view, _) = Finished();
        int best = controller.State.BestTrial!.Value;

        var pending = Status(controller, view);
        Assert.Equal(SweepRunState.Finished, pending.State);
        Assert.True(pending.TestPending);
        Assert.False(pending.IsOver);
        Assert.Null(pending.BestTest);
        Assert.Equal(best, view.TestPendingFor(controller.State));

        view.Apply(new BestTrialTested(best, 9, new Evaluation(30, 0.125, 0.9667, null, null, null), null));

        var done = Status(controller, view);
        Assert.False(done.TestPending);
        Assert.True(done.IsOver);
        Assert.Equal(new TestFigures(best, 9, 30, 0.125, 0.9667, null, null, null), done.BestTest);
        Assert.Null(done.TestError);
        Assert.Null(view.TestPendingFor(controller.State));
    }

    [Fact]
    public void Figures_given_up_leave_the_sweep_over_with_the_reason()
    {
        var (controller, view, _) = Finished();
        int best = controller.State.BestTrial!.Value;
        view.Apply(new BestTrialTested(best, 9, null, "no worker answered"));

        var status = Status(controller, view);
        Assert.True(status.IsOver);
        Assert.Null(status.BestTest);
        Assert.Equal("no worker answered", status.TestError);
    }

    [Fact]
    public void A_recorded_test_of_another_trial_is_not_the_best_trials()
    {
        var (controller, view, _) = Finished();
        int other = controller.State.BestTrial!.Value == 0 ? 1 : 0;
        view.Apply(new BestTrialTested(other, 3, new Evaluation(30, 1, 0.5, null, null, null), null));

        var status = Status(controller, view);
        Assert.True(status.TestPending);
        Assert.Null(status.BestTest);
    }

    [Fact]
    public void Without_a_test_split_or_after_a_cancellation_nothing_is_pending()
    {
        var (controller, view, _) = Finished(test: 0);
        Assert.False(view.HasTestSplit);
        Assert.False(Status(controller, view).TestPending);
        Assert.True(Status(controller, view).IsOver);

        var (cancelled, cancelledView, _) = Finished(cancel: true);
        Assert.False(Status(cancelled, cancelledView).TestPending);
    }

    [Fact]
    public void The_journal_event_folds_the_same_through_the_history_of_a_recovered_sweep()
    {
        var (controller, _, cluster) = Finished();
        int best = controller.State.BestTrial!.Value;
        var text = Spec(0.2);
        var journal = cluster.Journal.Select(e => new RecordedEvent(e, null))
            .Append(new RecordedEvent(new BestTrialTested(best, 9, new Evaluation(30, 0.25, 0.9, null, null, null), null), null))
            .ToList();

        var history = SweepHistoryFold.Build(new SweepCreated("tested", text, "tested.yaml", null, DateTimeOffset.UnixEpoch), journal);

        Assert.Equal(0.9, history.Status.BestTest!.Accuracy);
        Assert.True(history.Status.IsOver);
    }

    [Fact]
    public void The_controller_gives_the_best_trials_plan_and_the_node_that_last_trained_it()
    {
        var (controller, _, _) = Finished();
        int best = controller.State.BestTrial!.Value;

        var plan = controller.PlanOf(best)!;
        Assert.Equal(0.2, plan.Data.Test);
        Assert.Equal("a", controller.NodeFor(best));
    }

    private static readonly TrialPlan Plan = new()
    {
        Data = new Hpo.Engine.Data.DataOptions { Dataset = "iris", Test = 0.2 },
        Model = new Hpo.Engine.Options.ModelOptions(),
        Training = new Hpo.Engine.Options.TrainingOptions(),
        ObjectiveMetric = "val_accuracy",
    };

    [Fact]
    public void The_evaluation_is_asked_at_once_again_after_the_answer_window_and_given_up_after_its_tries()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var window = TimeSpan.FromMinutes(2);
        var testing = new OncePerSweepOrder(new BestTrialTest(4, 9, Plan), t0, window, maxTries: 3);

        Assert.Equal("a", testing.Next(t0, "a").SendTo);
        Assert.Same(OncePerSweepStep.None, testing.Next(t0 + window / 2, "a"));
        Assert.Equal("b", testing.Next(t0 + window, "b").SendTo);
        Assert.NotNull(testing.Next(t0 + 2 * window, "b").SendTo);
        var gaveUp = testing.Next(t0 + 3 * window, "b");

        Assert.Null(gaveUp.SendTo);
        var record = Assert.IsType<BestTrialTested>(gaveUp.Record);
        Assert.Equal(4, record.Trial);
        Assert.Null(record.Test);
        Assert.Equal("no worker answered the evaluation of trial 4 on the test split (3 tries, 120 s each)", record.Error);
        Assert.True(testing.Done);
        Assert.Same(OncePerSweepStep.None, testing.Next(t0 + 4 * window, "b"));
        Assert.Null(testing.OnAnswer(new TrialEvaluated("s", 4, 9, new Evaluation(30, 1, 1, null, null, null), null, "b").ToCore()));
    }

    [Fact]
    public void The_first_answer_is_recorded_once_and_answers_about_other_trials_are_ignored()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var testing = new OncePerSweepOrder(new BestTrialTest(4, 9, Plan), t0, TimeSpan.FromMinutes(2));
        testing.Next(t0, "a");
        var figures = new Evaluation(30, 0.5, 0.9, null, null, null);

        Assert.Null(testing.OnAnswer(new TrialEvaluated("s", 5, 9, figures, null, "a").ToCore()));
        Assert.Equal(new BestTrialTested(4, 9, figures, null), testing.OnAnswer(new TrialEvaluated("s", 4, 9, figures, null, "a").ToCore()));
        Assert.Null(testing.OnAnswer(new TrialEvaluated("s", 4, 9, figures, null, "a").ToCore()));
    }

    [Fact]
    public void An_answer_with_an_error_or_without_figures_records_why()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var failed = new OncePerSweepOrder(new BestTrialTest(4, 9, Plan), t0, TimeSpan.FromMinutes(2));
        Assert.Equal("bad data", Assert.IsType<BestTrialTested>(failed.OnAnswer(new TrialEvaluated("s", 4, 9, null, "bad data", "a").ToCore())).Error);
        var empty = new OncePerSweepOrder(new BestTrialTest(4, 9, Plan), t0, TimeSpan.FromMinutes(2));
        Assert.Equal("the data has no test samples", Assert.IsType<BestTrialTested>(empty.OnAnswer(new TrialEvaluated("s", 4, 9, null, null, "a").ToCore())).Error);
    }

    [Fact]
    public void With_no_node_to_ask_it_waits_then_gives_up()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var window = TimeSpan.FromMinutes(1);
        var testing = new OncePerSweepOrder(new BestTrialTest(4, 9, Plan), t0, window, maxTries: 2);

        Assert.Same(OncePerSweepStep.None, testing.Next(t0, null));
        Assert.Same(OncePerSweepStep.None, testing.Next(t0 + window, null));
        Assert.Equal("no worker node was there to evaluate trial 4 on the test split for 120 s",
            Assert.IsType<BestTrialTested>(testing.Next(t0 + 2 * window, null).Record).Error);
    }
}
