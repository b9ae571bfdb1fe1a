using Hpo.Coordinator.Cluster;
using Hpo.Engine.Training;
using Hpo.Protocol;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Search.State;
using Hpo.Sweeps.Sharing;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Sweeps;

/// <summary>search.refit: the spec key, what the view folds and shows, and how the one refit is asked for.</summary>
public sealed class BestTrialRefitTests
{
    private static string Spec(string search = "refit: true", double test = 0.2, string objective = "val_accuracy") => $$$"""
        name: refit
        seed: 5
        data: {dataset: iris, validation: 0.2, test: {{{test.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}}
        objective: {{{objective}}}
        model: {units: {int: [4, 64]}}
        training:
          learning_rate: {loguniform: [1.0e-4, 1.0e-1]}
          max_epochs: 9
        search: {sampler: random, scheduler: asha, reduction_factor: 3, min_epochs: 1, max_trials: 6, {{{search}}}}
        """;

    /// <summary>A sweep run to its end on instant fake workers, its journal folded into a view as the actor does.</summary>
    private static (SweepController Controller, SweepView View) Finished(string search = "refit: true", double test = 0.2, bool cancel = false)
    {
        var text = Spec(search, test);
        var spec = SweepSpecParser.Parse(text, "refit.yaml");
        var controller = new SweepController(spec, new SweepDecider(SweepSchedule.Options(spec), spec.CreateSampler()), TimeSpan.FromSeconds(30));
        var cluster = new FakeCluster(controller);
        var view = new SweepView(new SweepCreated("refit", text, "refit.yaml", null, DateTimeOffset.UnixEpoch), spec);
        cluster.Apply(controller.OnShare([new NodeAllowance("a", 2, 0)], cluster.Now));
        if (cancel)
        {
            cluster.Step();
            cluster.Apply(controller.Cancel(cluster.Now));
        }
        else cluster.RunToEnd();
        foreach (var e in cluster.Journal) view.Apply(e);
        return (controller, view);
    }

    private static SweepStatus Status(SweepController c, SweepView v) => v.Status(c.State, 2, 0, 10);

    private static readonly Evaluation Figures = new(30, 0.125, 0.9667, null, null, null);

    [Fact]
    public void Refit_is_off_by_default_and_on_with_true()
    {
        Assert.False(SweepSpecParser.Parse(Spec("max_concurrent: 2"), "refit.yaml").Search.Refit);
        Assert.True(SweepSpecParser.Parse(Spec(), "refit.yaml").Search.Refit);
        Assert.False(SweepSpecParser.Parse(Spec("refit: false"), "refit.yaml").Search.Refit);
    }

    [Theory]
    [InlineData("refit: yes", "(got yes)")]
    [InlineData("refit: 1", "(got 1)")]
    [InlineData("refit: {choice: [true, false]}", "takes a fixed value, not a search space")]
    public void A_refit_that_is_not_a_boolean_is_refused_clearly(string search, string mention)
    {
        var e = Assert.Throws<SpecException>(() => SweepSpecParser.Parse(Spec(search), "refit.yaml"));
        Assert.Contains("search.refit", e.Message);
        Assert.Contains(mention, e.Message);
    }

    [Fact]
    public void A_finished_sweep_with_refit_is_not_over_until_the_refit_is_recorded_beside_the_test_figures()
    {
        var (controller, view) = Finished();
        int best = controller.State.BestTrial!.Value;

        var pending = Status(controller, view);
        Assert.True(pending.RefitPending);
        Assert.True(pending.TestPending);
        Assert.Equal(best, view.RefitPendingFor(controller.State));

        view.Apply(new BestTrialTested(best, 9, Figures, null));
        Assert.True(Status(controller, view).RefitPending);
        Assert.False(Status(controller, view).IsOver);

        view.Apply(new BestTrialRefitted(best, 3, 120, new Evaluation(30, 0.0625, 1.0, null, null, null), null));
        var done = Status(controller, view);
        Assert.False(done.RefitPending);
        Assert.True(done.IsOver);
        Assert.Equal(new RefitFigures(best, 3, 120, 30, 0.0625, 1.0, null, null, null), done.BestRefit);
        Assert.Null(done.RefitError);
        Assert.True(view.HasRefitModel(controller.State));
        Assert.Equal(0.9667, done.BestTest!.Accuracy);
    }

    [Fact]
    public void A_refit_given_up_leaves_the_sweep_over_with_the_reason_and_the_trials_own_model()
    {
        var (controller, view) = Finished(test: 0);
        int best = controller.State.BestTrial!.Value;
        Assert.False(Status(controller, view).TestPending);
        Assert.True(Status(controller, view).RefitPending);

        view.Apply(new BestTrialRefitted(best, 3, 0, null, "no worker answered the refit"));

        var status = Status(controller, view);
        Assert.True(status.IsOver);
        Assert.Null(status.BestRefit);
        Assert.Equal("no worker answered the refit", status.RefitError);
        Assert.False(view.HasRefitModel(controller.State));
    }

    [Fact]
    public void Without_a_test_split_the_refit_has_no_test_figures_but_is_the_sweeps_model()
    {
        var (controller, view) = Finished(test: 0);
        int best = controller.State.BestTrial!.Value;
        view.Apply(new BestTrialRefitted(best, 3, 120, null, null));

        var refit = Status(controller, view).BestRefit!;
        Assert.Null(refit.Samples);
        Assert.True(view.HasRefitModel(controller.State));
        Assert.EndsWith("(120 samples, 3 epochs): no test split", refit.Describe());
    }

    [Fact]
    public void A_recorded_refit_of_another_trial_is_not_the_best_trials()
    {
        var (controller, view) = Finished();
        int other = controller.State.BestTrial!.Value == 0 ? 1 : 0;
        view.Apply(new BestTrialRefitted(other, 3, 120, Figures, null));

        var status = Status(controller, view);
        Assert.True(status.RefitPending);
        Assert.Null(status.BestRefit);
        Assert.False(view.HasRefitModel(controller.State));
    }

    [Fact]
    public void Without_refit_or_after_a_cancellation_no_refit_is_pending()
    {
        var (controller, view) = Finished(search: "refit: false");
        Assert.Null(view.RefitPendingFor(controller.State));
        Assert.False(Status(controller, view).RefitPending);

        var (cancelled, cancelledView) = Finished(cancel: true);
        Assert.False(Status(cancelled, cancelledView).RefitPending);
    }

    private static SweepState Curve(string objective, params double[] objectives)
    {
        var spec = SweepSpecParser.Parse(Spec(objective: objective).Replace("asha", "fifo", StringComparison.Ordinal), "refit.yaml");
        var state = new SweepState(SweepSchedule.Options(spec));
        state.Apply(new SweepStarted(DateTimeOffset.UnixEpoch));
        state.Apply(new TrialSampled(0, TrialConfig.Empty, null));
        state.Apply(new RungStarted(0, 0, objectives.Length));
        for (int i = 0; i < objectives.Length; i++)
            state.Apply(new EpochReported(0, i + 1, objectives[i], new EpochSummary(0.5f, 0.5f, 100)));
        state.Apply(new TrialStopped(0, StopReason.TimeBudget));
        return state;
    }

    [Fact]
    public void Under_scope_best_the_refit_trains_for_the_epochs_at_which_the_trial_was_best_by_the_objectives_direction()
    {
        Assert.Equal(3, BestTrialRefit.EpochsOf(Curve("{metric: val_accuracy, scope: best}", 0.5, 0.7, 0.9, 0.9, 0.8), 0));
        Assert.Equal(2, BestTrialRefit.EpochsOf(Curve("{metric: val_loss, scope: best}", 0.9, 0.4, 0.6, 0.4, 0.5), 0));
        Assert.Equal(2, BestTrialRefit.EpochsOf(Curve("{metric: val_loss, scope: best}", double.NaN, 0.8, 0.9), 0));
    }

    [Fact]
    public void Under_scope_last_or_a_mean_the_refit_trains_for_every_epoch_the_trial_trained()
    {
        Assert.Equal(5, BestTrialRefit.EpochsOf(Curve("val_accuracy", 0.5, 0.7, 0.9, 0.9, 0.8), 0));
        Assert.Equal(5, BestTrialRefit.EpochsOf(Curve("{metric: val_accuracy, scope: last-3-avg}", 0.5, 0.7, 0.9, 0.9, 0.8), 0));
    }

    [Fact]
    public void A_trial_whose_last_epoch_is_not_a_number_has_no_objective_and_nothing_to_refit()
    {
        Assert.Null(BestTrialRefit.EpochsOf(Curve("{metric: val_loss, scope: best}", 0.9, 0.4, double.NaN), 0));
        Assert.Null(BestTrialRefit.EpochsOf(Curve("val_loss", double.NaN), 0));
    }

    private static readonly TrialPlan Plan = new()
    {
        Data = new Hpo.Engine.Data.DataOptions { Dataset = "iris", Test = 0.2 },
        Model = new Hpo.Engine.Options.ModelOptions(),
        Training = new Hpo.Engine.Options.TrainingOptions(),
        ObjectiveMetric = "val_accuracy",
    };

    private static RefitAnswer Answer(int trial, Evaluation? test, string? error = null) => new TrialRefitted("s", trial, 3, 120, test, error, "a").ToCore();

    [Fact]
    public void The_refit_is_asked_at_once_again_after_the_answer_window_and_given_up_after_its_tries()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var window = TimeSpan.FromMinutes(2);
        var refitting = new OncePerSweepOrder(new BestTrialRefit(4, 3, Plan), t0, window, maxTries: 2);

        Assert.Equal("a", refitting.Next(t0, "a").SendTo);
        Assert.Same(OncePerSweepStep.None, refitting.Next(t0 + window / 2, "a"));
        Assert.Equal("b", refitting.Next(t0 + window, "b").SendTo);
        var gaveUp = refitting.Next(t0 + 2 * window, "b");

        Assert.Null(gaveUp.SendTo);
        Assert.Equal(new BestTrialRefitted(4, 3, 0, null, "no worker answered the refit of trial 4 (2 tries, 120 s each)"), gaveUp.Record);
        Assert.True(refitting.Done);
        Assert.Same(OncePerSweepStep.None, refitting.Next(t0 + 4 * window, "b"));
        Assert.Null(refitting.OnAnswer(Answer(4, Figures)));
    }

    [Fact]
    public void With_no_node_to_ask_the_refit_waits_then_gives_up()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var window = TimeSpan.FromMinutes(1);
        var refitting = new OncePerSweepOrder(new BestTrialRefit(4, 3, Plan), t0, window, maxTries: 2);

        Assert.Same(OncePerSweepStep.None, refitting.Next(t0 + window, null));
        Assert.Equal("no worker node was there to refit trial 4 for 120 s",
            Assert.IsType<BestTrialRefitted>(refitting.Next(t0 + 2 * window, null).Record).Error);
    }

    [Fact]
    public void The_first_answer_about_the_trial_is_recorded_once_with_its_figures_or_its_error()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        var refitting = new OncePerSweepOrder(new BestTrialRefit(4, 3, Plan), t0, TimeSpan.FromMinutes(2));
        refitting.Next(t0, "a");

        Assert.Null(refitting.OnAnswer(Answer(5, Figures)));
        Assert.Equal(new BestTrialRefitted(4, 3, 120, Figures, null), refitting.OnAnswer(Answer(4, Figures)));
        Assert.Null(refitting.OnAnswer(Answer(4, Figures)));

        var failed = new OncePerSweepOrder(new BestTrialRefit(4, 3, Plan), t0, TimeSpan.FromMinutes(2));
        Assert.Equal(new BestTrialRefitted(4, 3, 0, null, "the refit model diverged by epoch 2"),
            failed.OnAnswer(Answer(4, null, "the refit model diverged by epoch 2")));
        var untested = new OncePerSweepOrder(new BestTrialRefit(4, 3, Plan), t0, TimeSpan.FromMinutes(2));
        Assert.Equal(new BestTrialRefitted(4, 3, 120, null, null), untested.OnAnswer(Answer(4, null)));
    }

    [Fact]
    public void A_refit_may_go_unanswered_longer_the_more_epochs_it_trains()
    {
        var heartbeat = TimeSpan.FromSeconds(30);
        Assert.Equal(TimeSpan.FromMinutes(10), BestTrialRefit.AnswerWindow(TimeSpan.FromMinutes(10), heartbeat, 3));
        var short_ = BestTrialRefit.AnswerWindow(TimeSpan.Zero, heartbeat, 3);
        var long_ = BestTrialRefit.AnswerWindow(TimeSpan.Zero, heartbeat, 30);
        Assert.True(short_ >= 4 * heartbeat);
        Assert.True(long_ > short_);
    }
}
