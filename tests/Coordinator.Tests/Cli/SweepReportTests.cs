using Hpo.Cli;
using Hpo.Engine.Options;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Cli;

public sealed class SweepReportTests
{
    private static SweepStatus Status(int busy, int queued) => new()
    {
        Id = "digits-asha",
        State = SweepRunState.Running,
        Scheduler = SchedulerKind.Asha,
        Sampler = SamplerKind.Random,
        Metric = "val_accuracy",
        Mode = ObjectiveMode.Max,
        Trials = 6,
        ByStatus = new Dictionary<TrialStatus, int> { [TrialStatus.Running] = busy + queued, [TrialStatus.Paused] = 6 - busy - queued },
        Slots = 2,
        BusySlots = busy,
        QueuedRungs = queued,
        EpochsTotal = 9,
    };

    [Fact]
    public void The_progress_line_shows_busy_slots_and_counts_rungs_queued_behind_them_apart_from_running_ones()
    {
        Assert.EndsWith("slots 2/2 (+2 queued)", SweepReport.Line(Status(2, 2), 3.0));
        Assert.EndsWith("slots 1/2", SweepReport.Line(Status(1, 0), 3.0));
        // Four trials dispatched, two of them waiting in a worker's queue: two run, on the two slots.
        Assert.Contains("trials 6 [running 2 (+2 queued) paused 2]", SweepReport.Line(Status(2, 2), 3.0));
    }

    private static SweepStatus Finished(TestFigures? test = null, string? error = null, bool pending = false) => Status(0, 0) with
    {
        State = SweepRunState.Finished,
        Best = new LeaderboardEntry(4, 0.96, 9, TrialStatus.Completed, TrialConfig.Empty),
        Leaderboard = [new LeaderboardEntry(4, 0.96, 9, TrialStatus.Completed, TrialConfig.Empty)],
        BestTest = test,
        TestError = error,
        TestPending = pending,
    };

    [Fact]
    public void The_leaderboard_ends_with_the_best_trials_test_figures()
    {
        var classification = new StringWriter();
        SweepReport.WriteLeaderboard(classification, Finished(new TestFigures(4, 9, 360, 0.08312, 0.975, null, null, null)));
        Assert.EndsWith("best trial 4 on the test set (360 samples): accuracy 0.975, loss 0.0831", classification.ToString().TrimEnd());

        var regression = new StringWriter();
        SweepReport.WriteLeaderboard(regression, Finished(new TestFigures(4, 9, 89, 2900.5, null, 2900.5, 43.25, 0.4375)));
        Assert.EndsWith("best trial 4 on the test set (89 samples): mse 2900.5, mae 43.25, r2 0.4375 in the target's units; loss 2900.5 as trained", regression.ToString().TrimEnd());

        var none = new StringWriter();
        SweepReport.WriteLeaderboard(none, Finished());
        Assert.DoesNotContain("test set", none.ToString());

        var unavailable = new StringWriter();
        SweepReport.WriteLeaderboard(unavailable, Finished(error: "no worker answered"));
        Assert.EndsWith("best trial 4 on the test set: unavailable (no worker answered)", unavailable.ToString().TrimEnd());
    }

    [Fact]
    public void The_json_outcome_has_best_test_only_when_there_are_figures()
    {
        var classification = SweepReport.Json(Finished(new TestFigures(4, 9, 360, 0.08, 0.975, null, null, null)), 1)["best"]!["test"]!;
        Assert.Equal("""{"epoch":9,"samples":360,"loss":0.08,"accuracy":0.975}""", classification.ToJsonString());

        var regression = SweepReport.Json(Finished(new TestFigures(4, 9, 89, 2900.5, null, 2900.5, 43.25, 0.4375)), 1)["best"]!["test"]!;
        Assert.Equal("""{"epoch":9,"samples":89,"loss":2900.5,"mse":2900.5,"mae":43.25,"r2":0.4375}""", regression.ToJsonString());

        var none = SweepReport.Json(Finished(), 1)["best"]!.AsObject();
        Assert.False(none.ContainsKey("test"));
        Assert.False(none.ContainsKey("test_error"));

        var unavailable = SweepReport.Json(Finished(error: "no worker answered"), 1)["best"]!.AsObject();
        Assert.False(unavailable.ContainsKey("test"));
        Assert.Equal("no worker answered", (string?)unavailable["test_error"]);
    }

    [Fact]
    public void A_pending_test_shows_in_the_progress_line_and_keeps_the_sweep_from_being_over()
    {
        var pending = Finished(pending: true);
        Assert.False(pending.IsOver);
        Assert.StartsWith("digits-asha: finished (testing the best trial);", SweepReport.Line(pending, 0));
        Assert.True(Finished().IsOver);
    }

    [Fact]
    public void The_api_shows_the_test_figures_in_snake_case()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Finished(new TestFigures(4, 9, 360, 0.08, 0.975, null, null, null)),
            Hpo.Sweeps.Journal.JournalJson.Options);
        Assert.Contains("\"best_test\":{\"trial\":4,\"epoch\":9,\"samples\":360,\"loss\":0.08,\"accuracy\":0.975}", json);
        Assert.Contains("\"test_pending\":false", json);
        var back = System.Text.Json.JsonSerializer.Deserialize<SweepStatus>(json, Hpo.Sweeps.Journal.JournalJson.Options)!;
        Assert.Equal(0.975, back.BestTest!.Accuracy);
    }

    private static SweepStatus Refit(RefitFigures? refit = null, string? error = null, bool pending = false) => Finished() with
    {
        BestRefit = refit,
        RefitError = error,
        RefitPending = pending,
    };

    [Fact]
    public void The_leaderboard_ends_with_the_refit_of_the_best_trial()
    {
        var classification = new StringWriter();
        SweepReport.WriteLeaderboard(classification, Refit(new RefitFigures(4, 6, 1437, 360, 0.07123, 0.9806, null, null, null)));
        Assert.EndsWith("refit of trial 4 on training + validation (1437 samples, 6 epochs) on the test set (360 samples): accuracy 0.9806, loss 0.0712",
            classification.ToString().TrimEnd());

        var regression = new StringWriter();
        SweepReport.WriteLeaderboard(regression, Refit(new RefitFigures(4, 6, 353, 89, 2750.5, null, 2750.5, 41.5, 0.5)));
        Assert.EndsWith("on the test set (89 samples): mse 2750.5, mae 41.5, r2 0.5 in the target's units; loss 2750.5 as trained", regression.ToString().TrimEnd());

        var unavailable = new StringWriter();
        SweepReport.WriteLeaderboard(unavailable, Refit(error: "no worker answered"));
        Assert.EndsWith("refit of trial 4: unavailable (no worker answered)", unavailable.ToString().TrimEnd());

        var none = new StringWriter();
        SweepReport.WriteLeaderboard(none, Finished());
        Assert.DoesNotContain("refit", none.ToString());
    }

    [Fact]
    public void The_json_outcome_has_best_refit_only_with_a_refit()
    {
        var classification = SweepReport.Json(Refit(new RefitFigures(4, 6, 1437, 360, 0.07, 0.98, null, null, null)), 1)["best"]!["refit"]!;
        Assert.Equal("""{"epochs":6,"train_samples":1437,"samples":360,"loss":0.07,"accuracy":0.98}""", classification.ToJsonString());

        var regression = SweepReport.Json(Refit(new RefitFigures(4, 6, 353, 89, 2750.5, null, 2750.5, 41.5, 0.5)), 1)["best"]!["refit"]!;
        Assert.Equal("""{"epochs":6,"train_samples":353,"samples":89,"loss":2750.5,"mse":2750.5,"mae":41.5,"r2":0.5}""", regression.ToJsonString());

        var untested = SweepReport.Json(Refit(new RefitFigures(4, 6, 1437, null, null, null, null, null, null)), 1)["best"]!["refit"]!;
        Assert.Equal("""{"epochs":6,"train_samples":1437}""", untested.ToJsonString());

        var none = SweepReport.Json(Finished(), 1)["best"]!.AsObject();
        Assert.False(none.ContainsKey("refit"));
        Assert.False(none.ContainsKey("refit_error"));

        var unavailable = SweepReport.Json(Refit(error: "no worker answered"), 1)["best"]!.AsObject();
        Assert.False(unavailable.ContainsKey("refit"));
        Assert.Equal("no worker answered", (string?)unavailable["refit_error"]);
    }

    [Fact]
    public void A_pending_refit_shows_in_the_progress_line_and_keeps_the_sweep_from_being_over()
    {
        var pending = Refit(pending: true);
        Assert.False(pending.IsOver);
        Assert.StartsWith("digits-asha: finished (refitting the best trial);", SweepReport.Line(pending, 0));
        var board = new StringWriter();
        SweepReport.WriteLeaderboard(board, pending);
        Assert.EndsWith("refit of trial 4 on training + validation: being trained", board.ToString().TrimEnd());
    }

    [Fact]
    public void The_api_shows_the_refit_in_snake_case()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Refit(new RefitFigures(4, 6, 1437, 360, 0.07, 0.98, null, null, null)),
            Hpo.Sweeps.Journal.JournalJson.Options);
        Assert.Contains("\"best_refit\":{\"trial\":4,\"epochs\":6,\"train_samples\":1437,\"samples\":360,\"loss\":0.07,\"accuracy\":0.98}", json);
        Assert.Contains("\"refit_pending\":false", json);
        var back = System.Text.Json.JsonSerializer.Deserialize<SweepStatus>(json, Hpo.Sweeps.Journal.JournalJson.Options)!;
        Assert.Equal(0.98, back.BestRefit!.Accuracy);
    }
}
