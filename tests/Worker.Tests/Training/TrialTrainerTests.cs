using Hpo.Engine.Diagnostics;
using Hpo.Engine.Options;
using Hpo.Engine.Training;
using Hpo.Protocol;
using Hpo.Worker.Checkpoints;
using Hpo.Worker.Training;

namespace Hpo.Worker.Tests.Training;

public sealed class TrialTrainerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hpo-trainer-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private TrialTrainer Trainer(string node, string store) =>
        new(node, new DatasetCache((string?)null), new DirectoryCheckpointStore(Path.Combine(_root, store)));

    private static async Task<(RungOutcome Outcome, List<EpochReport> Reports)> Run(TrialTrainer trainer, TrainTrial command,
        TrialModel? memory = null)
    {
        var reports = new List<EpochReport>();
        var outcome = await trainer.TrainAsync(command, memory, reports.Add);
        return (outcome, reports);
    }

    private static float[][] Weights(TrialModel session) =>
        session.Session.Network.Parameters.Select(p => p.Value.ToArray()).ToArray();

    private static void SameReports(IReadOnlyList<EpochReport> expected, IReadOnlyList<EpochReport> actual)
    {
        Assert.Equal(expected.Select(r => r.Epoch), actual.Select(r => r.Epoch));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(Measured(expected[i].Metrics), Measured(actual[i].Metrics));
            Assert.Equal(expected[i].Objective, actual[i].Objective);
            Assert.Equal(expected[i].Diverged, actual[i].Diverged);
        }
    }

    /// <summary>What an epoch measured, without its timing (which differs run to run).</summary>
    private static double?[] Measured(EpochMetrics m) =>
        [.. MetricNames.All.Select(m.Get), .. m.GradientNorms.Select(n => (double?)n), m.GlobalGradientNorm, m.LearningRate];

    private static void SameWeights(TrialModel expected, TrialModel actual)
    {
        var a = Weights(expected);
        var b = Weights(actual);
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++) Assert.True(a[i].AsSpan().SequenceEqual(b[i]), $"parameter block {i} differs");
    }

    [Fact]
    public async Task Two_rungs_in_memory_equal_one_straight_run_bit_for_bit()
    {
        var plan = TestPlans.Moons();
        var (straight, straightReports) = await Run(Trainer("a", "straight"), TestPlans.Rung(plan, 0, 6));

        var trainer = Trainer("a", "rungs");
        var (first, firstReports) = await Run(trainer, TestPlans.Rung(plan, 0, 3));
        var (second, secondReports) = await Run(trainer, TestPlans.Rung(plan, 3, 6, dispatch: 2), first.Model);

        Assert.Same(first.Model, second.Model); // continued, not rebuilt
        SameReports(straightReports, [.. firstReports, .. secondReports]);
        SameWeights(straight.Model!, second.Model!);
        var done = Assert.IsType<RungCompleted>(second.Reply);
        Assert.Equal((6, false, 2L, "a"), (done.Epoch, done.Finished, done.Dispatch, done.Node));
        Assert.All(secondReports, r => Assert.Equal(2, r.Dispatch));
        Assert.All(firstReports.Concat(secondReports), r => Assert.Equal(r.Metrics.ValAccuracy, r.Objective));
    }

    [Fact]
    public async Task A_promoted_trial_on_another_node_continues_from_the_checkpoint_bit_for_bit()
    {
        var plan = TestPlans.Moons();
        var (straight, straightReports) = await Run(Trainer("a", "straight"), TestPlans.Rung(plan, 0, 6));

        var store = new DirectoryCheckpointStore(Path.Combine(_root, "shared"));
        var nodeA = new TrialTrainer("a", new DatasetCache((string?)null), store);
        var log = new ListLogger();
        var nodeB = new TrialTrainer("b", new DatasetCache((string?)null), store, logger: log);
        var (first, firstReports) = await Run(nodeA, TestPlans.Rung(plan, 0, 3));
        var stored = await store.LoadAsync(new CheckpointKey("s1", 1));
        Assert.Equal(3, stored!.Epoch);

        var (second, secondReports) = await Run(nodeB, TestPlans.Rung(plan, 3, 6));

        Assert.NotSame(first.Model, second.Model);
        SameReports(straightReports, [.. firstReports, .. secondReports]);
        SameWeights(straight.Model!, second.Model!);
        Assert.All(secondReports, r => Assert.Equal("b", r.Node));
        Assert.Equal(6, (await store.LoadAsync(new CheckpointKey("s1", 1)))!.Epoch);
        Assert.Contains(log.Lines, l => l.Contains("from its checkpoint at epoch 3"));
        Assert.DoesNotContain(log.Lines, l => l.Contains("retraining"));
    }

    [Fact]
    public async Task A_rung_with_no_model_or_checkpoint_retrains_silently_up_to_its_start()
    {
        var plan = TestPlans.Moons();
        var (_, straightReports) = await Run(Trainer("a", "straight"), TestPlans.Rung(plan, 0, 6));

        var log = new ListLogger();
        var trainer = new TrialTrainer("b", new DatasetCache((string?)null), new DirectoryCheckpointStore(Path.Combine(_root, "empty")), logger: log);
        var (outcome, reports) = await Run(trainer, TestPlans.Rung(plan, 4, 6));

        Assert.Equal([5, 6], reports.Select(r => r.Epoch));
        SameReports(straightReports.Skip(4).ToList(), reports);
        Assert.Equal(6, Assert.IsType<RungCompleted>(outcome.Reply).Epoch);
        Assert.Contains(log.Lines, l => l.StartsWith("Information") && l.Contains("retraining epochs 1..4 without reporting them"));
    }

    [Fact]
    public async Task A_dispatch_again_of_a_finished_rung_reports_the_curve_without_training()
    {
        var plan = TestPlans.Moons();
        var trainer = Trainer("a", "again");
        var (first, firstReports) = await Run(trainer, TestPlans.Rung(plan, 0, 4));
        var weights = Weights(first.Model!);

        var (again, againReports) = await Run(trainer, TestPlans.Rung(plan, 2, 4, dispatch: 9), first.Model);

        Assert.Equal(4, again.Model!.Epoch);
        SameReports(firstReports.Skip(2).ToList(), againReports);
        Assert.All(againReports, r => Assert.Equal(9, r.Dispatch));
        var after = Weights(again.Model);
        for (int i = 0; i < weights.Length; i++) Assert.True(weights[i].AsSpan().SequenceEqual(after[i]));
    }

    [Fact]
    public async Task A_memory_session_of_another_plan_is_not_reused()
    {
        var trainer = Trainer("a", "other");
        var (first, _) = await Run(trainer, TestPlans.Rung(TestPlans.Moons(), 0, 3));
        var other = TestPlans.Moons() with { Training = TestPlans.Moons().Training with { LearningRate = 0.05 } };

        var (second, reports) = await Run(trainer, TestPlans.Rung(other, 0, 3, trial: 2), first.Model);

        Assert.NotSame(first.Model, second.Model);
        Assert.Equal([1, 2, 3], reports.Select(r => r.Epoch));
    }

    [Fact]
    public async Task The_last_epoch_finishes_the_trial_inside_a_longer_rung()
    {
        var (outcome, reports) = await Run(Trainer("a", "last"), TestPlans.Rung(TestPlans.Moons(maxEpochs: 5), 3, 9));

        var done = Assert.IsType<RungCompleted>(outcome.Reply);
        Assert.Equal((5, true), (done.Epoch, done.Finished));
        Assert.Equal([4, 5], reports.Select(r => r.Epoch));
    }

    [Fact]
    public async Task A_diverging_trial_reports_it_and_finishes()
    {
        var plan = TestPlans.Moons() with
        {
            Training = TestPlans.Moons().Training with { Optimizer = OptimizerKind.Sgd, LearningRate = 1e12, Schedule = new ScheduleOptions() },
        };
        var (outcome, reports) = await Run(Trainer("a", "diverge"), TestPlans.Rung(plan, 0, 6));

        var done = Assert.IsType<RungCompleted>(outcome.Reply);
        Assert.True(done.Finished);
        Assert.Contains("diverged", done.StopReason);
        Assert.True(reports[^1].Diverged);
        Assert.Contains(reports.SelectMany(r => r.Issues), i => i.Kind == IssueKind.Divergence);
    }

    [Fact]
    public async Task An_unknown_dataset_fails_the_trial_for_good()
    {
        var plan = TestPlans.Moons() with { Data = new() { Dataset = "no-such-data" } };
        var (outcome, reports) = await Run(Trainer("a", "bad"), TestPlans.Rung(plan, 0, 3, dispatch: 5));

        var failed = Assert.IsType<TrainingFailed>(outcome.Reply);
        Assert.Contains("no-such-data", failed.Error);
        Assert.False(failed.Retryable);
        Assert.Equal((5L, "a"), (failed.Dispatch, failed.Node));
        Assert.Null(outcome.Model);
        Assert.Empty(reports);
    }

    [Fact]
    public async Task A_malformed_csv_fails_the_trial_naming_the_line()
    {
        var csv = Path.Combine(_root, "bad.csv");
        await File.WriteAllTextAsync(csv, "x,y,label\n1,2,a\n3,oops,b\n5,6,a\n");
        var plan = TestPlans.Moons() with { Data = new() { Csv = csv } };

        var (outcome, _) = await Run(Trainer("a", "csv"), TestPlans.Rung(plan, 0, 3));

        var failed = Assert.IsType<TrainingFailed>(outcome.Reply);
        Assert.Contains("bad.csv:3", failed.Error);
    }

    [Fact]
    public async Task Data_of_the_other_task_fails_the_trial()
    {
        var plan = TestPlans.Moons() with { Task = Hpo.Engine.Options.TaskKind.Regression };
        var (outcome, _) = await Run(Trainer("a", "task"), TestPlans.Rung(plan, 0, 3));

        Assert.Contains("regression", Assert.IsType<TrainingFailed>(outcome.Reply).Error);
    }

    [Fact]
    public async Task A_missing_transfer_model_fails_the_trial()
    {
        var plan = TestPlans.Moons() with { TransferFrom = "no/such/model.hpo" };
        var (outcome, _) = await Run(Trainer("a", "transfer"), TestPlans.Rung(plan, 0, 3));

        Assert.Contains("model.hpo", Assert.IsType<TrainingFailed>(outcome.Reply).Error);
    }

    [Fact]
    public async Task An_empty_rung_fails()
    {
        var (outcome, _) = await Run(Trainer("a", "empty-rung"), TestPlans.Rung(TestPlans.Moons(), 3, 3));
        Assert.IsType<TrainingFailed>(outcome.Reply);
    }

    [Fact]
    public async Task Pretraining_runs_once_and_later_rungs_continue_it()
    {
        var plan = TestPlans.Moons() with { Pretraining = PretrainingKind.Supervised, Training = TestPlans.Moons().Training with { Pretraining = new PretrainingOptions { EpochsPerLayer = 2 } } };
        var unpretrained = await Run(Trainer("a", "plain"), TestPlans.Rung(plan with { Pretraining = PretrainingKind.None }, 0, 2));
        var (straight, straightReports) = await Run(Trainer("a", "p-straight"), TestPlans.Rung(plan, 0, 4));

        var nodeA = Trainer("a", "p-rungs");
        var (first, firstReports) = await Run(nodeA, TestPlans.Rung(plan, 0, 2));
        var (second, secondReports) = await Run(Trainer("b", "p-rungs"), TestPlans.Rung(plan, 2, 4));

        Assert.NotEqual(unpretrained.Reports[0].Metrics.TrainLoss, firstReports[0].Metrics.TrainLoss);
        SameReports(straightReports, [.. firstReports, .. secondReports]);
        SameWeights(straight.Model!, second.Model!);
    }

    [Fact]
    public async Task Cancelling_a_rung_throws_and_keeps_the_stored_checkpoint()
    {
        var store = new DirectoryCheckpointStore(Path.Combine(_root, "cancel"));
        var trainer = new TrialTrainer("a", new DatasetCache((string?)null), store);
        await trainer.TrainAsync(TestPlans.Rung(TestPlans.Moons(), 0, 2), null, _ => { });
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            trainer.TrainAsync(TestPlans.Rung(TestPlans.Moons(), 2, 6), null, r => { if (r.Epoch == 3) cancel.Cancel(); }, cancel.Token));

        Assert.Equal(2, (await store.LoadAsync(new CheckpointKey("s1", 1)))!.Epoch);
    }

    private static EvaluateTrial Evaluate(TrialPlan plan, int epoch) =>
        new("s1", 1, "node-a", plan, epoch, Akka.Actor.ActorRefs.Nobody);

    private static TrialPlan WithTest(TrialPlan plan) => plan with { Data = plan.Data with { Test = 0.25 } };

    [Fact]
    public async Task The_test_figures_are_the_same_from_memory_from_the_checkpoint_and_from_a_retrained_model()
    {
        var plan = WithTest(TestPlans.Moons());
        var store = new DirectoryCheckpointStore(Path.Combine(_root, "shared"));
        var nodeA = new TrialTrainer("a", new DatasetCache((string?)null), store);
        var (rung, _) = await Run(nodeA, TestPlans.Rung(plan, 0, 4));

        var inMemory = await nodeA.EvaluateAsync(Evaluate(plan, 4), rung.Model);
        var log = new ListLogger();
        var fromCheckpoint = await new TrialTrainer("b", new DatasetCache((string?)null), store, logger: log).EvaluateAsync(Evaluate(plan, 4), null);
        var retrained = await Trainer("c", "empty").EvaluateAsync(Evaluate(plan, 4), null);

        Assert.Null(inMemory.Error);
        Assert.Equal(4, inMemory.Epoch);
        Assert.Equal(60, inMemory.Test!.Samples); // a quarter of 240
        Assert.InRange(inMemory.Test.Accuracy!.Value, 0.5, 1.0);
        Assert.Equal(inMemory.Test, fromCheckpoint.Test);
        Assert.Equal(inMemory.Test, retrained.Test);
        Assert.Equal(("a", "b"), (inMemory.Node, fromCheckpoint.Node));
        Assert.DoesNotContain(log.Lines, l => l.Contains("retraining"));
        Assert.Equal(4, rung.Model!.Epoch); // evaluating leaves the model as it was
    }

    [Fact]
    public async Task A_checkpoint_behind_the_epoch_is_trained_on_to_it_before_the_evaluation()
    {
        var plan = WithTest(TestPlans.Moons());
        var trainer = Trainer("a", "behind");
        var (straight, _) = await Run(Trainer("a", "straight"), TestPlans.Rung(plan, 0, 6));
        await Run(trainer, TestPlans.Rung(plan, 0, 3));

        var answer = await trainer.EvaluateAsync(Evaluate(plan, 6), null);

        Assert.Equal(6, answer.Epoch);
        Assert.Equal(straight.Model!.Session.Evaluate(new DatasetCache((string?)null).Get(plan.Data).Test!), answer.Test);
    }

    [Fact]
    public async Task Data_without_a_test_split_answers_no_figures_and_no_error()
    {
        var answer = await Trainer("a", "none").EvaluateAsync(Evaluate(TestPlans.Moons(), 2), null);
        Assert.Null(answer.Test);
        Assert.Null(answer.Error);
    }

    [Fact]
    public async Task Unknown_data_answers_an_error()
    {
        var plan = TestPlans.Moons() with { Data = new Hpo.Engine.Data.DataOptions { Dataset = "no-such-dataset", Test = 0.2 } };
        var answer = await Trainer("a", "bad").EvaluateAsync(Evaluate(plan, 2), null);
        Assert.Null(answer.Test);
        Assert.Contains("no-such-dataset", answer.Error);
    }
}
