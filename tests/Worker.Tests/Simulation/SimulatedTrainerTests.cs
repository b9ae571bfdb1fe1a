using Hpo.Engine.Training;
using Hpo.Protocol;
using Hpo.Worker.Cluster;
using Hpo.Worker.Simulation;
using Hpo.Worker.Training;

namespace Hpo.Worker.Tests.Simulation;

public sealed class SimulatedTrainerTests
{
    private static async Task<(RungOutcome Outcome, List<EpochReport> Reports)> Run(SimulatedTrainer trainer, TrainTrial command)
    {
        var reports = new List<EpochReport>();
        var outcome = await trainer.TrainAsync(command, null, reports.Add);
        return (outcome, reports);
    }

    /// <summary>A plan whose curve neither diverges nor fails within its epochs (the trial id picks one).</summary>
    private static (TrialPlan Plan, int Trial) Healthy(int maxEpochs = 12)
    {
        var plan = TestPlans.Moons(maxEpochs);
        int trial = Enumerable.Range(1, 200).First(t =>
        {
            var c = SimulatedTrainer.CurveOf(plan, t);
            return c.DivergesAt == 0 && c.FailsAt == 0;
        });
        return (plan, trial);
    }

    [Fact]
    public async Task A_rung_reports_each_epoch_of_the_trials_surrogate_curve_then_completes()
    {
        var (plan, trial) = Healthy();
        var curve = SimulatedTrainer.CurveOf(plan, trial);
        var (outcome, reports) = await Run(new SimulatedTrainer("node-a"), TestPlans.Rung(plan, 0, 4, trial: trial));

        Assert.Equal([1, 2, 3, 4], reports.Select(r => r.Epoch));
        foreach (var r in reports)
        {
            Assert.Equal(curve.Objective(r.Epoch), r.Objective);
            Assert.Equal(curve.Objective(r.Epoch), r.Metrics.ValAccuracy);
            Assert.NotNull(r.Metrics.ValLoss);
            Assert.True(r.Metrics.TrainLoss > 0);
            Assert.False(r.Diverged);
            Assert.Equal("node-a", r.Node);
            Assert.Equal(trial, r.TrialId);
        }
        var done = Assert.IsType<RungCompleted>(outcome.Reply);
        Assert.Equal(4, done.Epoch);
        Assert.False(done.Finished);
    }

    [Fact]
    public async Task Rungs_on_different_nodes_continue_the_curve_and_the_last_epoch_finishes_the_trial()
    {
        var (plan, trial) = Healthy(9);
        var (_, straight) = await Run(new SimulatedTrainer("a"), TestPlans.Rung(plan, 0, 9, trial: trial));
        var (_, first) = await Run(new SimulatedTrainer("a"), TestPlans.Rung(plan, 0, 3, trial: trial));
        var (last, second) = await Run(new SimulatedTrainer("b"), TestPlans.Rung(plan, 3, 9, trial: trial));

        Assert.Equal(straight.Select(r => (r.Epoch, r.Objective)), first.Concat(second).Select(r => (r.Epoch, r.Objective)));
        var done = Assert.IsType<RungCompleted>(last.Reply);
        Assert.True(done.Finished);
        Assert.Equal(9, done.Epoch);
    }

    [Fact]
    public void The_plans_values_set_the_curves_quality()
    {
        var plan = TestPlans.Moons();
        double Plateau(double lr) => SimulatedTrainer.CurveOf(plan with { Training = plan.Training with { LearningRate = lr, BatchSize = 32 } }, 1).Mean(200);
        Assert.True(Plateau(3e-3) > Plateau(3e-5) + 0.05);
        var other = SimulatedTrainer.CurveOf(plan with { Model = plan.Model with { HiddenUnits = [128, 128, 128] } }, 1);
        Assert.NotEqual(SimulatedTrainer.CurveOf(plan, 1).Plateau, other.Plateau);
    }

    [Fact]
    public async Task A_diverging_curve_reports_a_diverged_epoch_and_finishes_the_trial()
    {
        var plan = TestPlans.Moons(30);
        plan = plan with { Training = plan.Training with { LearningRate = 0.25 } };
        int trial = Enumerable.Range(1, 500).First(t => SimulatedTrainer.CurveOf(plan, t) is { DivergesAt: > 0 and < 30, FailsAt: 0 });
        int at = SimulatedTrainer.CurveOf(plan, trial).DivergesAt;

        var (outcome, reports) = await Run(new SimulatedTrainer("a"), TestPlans.Rung(plan, 0, 30, trial: trial));

        Assert.Equal(at, reports.Count);
        Assert.True(reports[^1].Diverged);
        var done = Assert.IsType<RungCompleted>(outcome.Reply);
        Assert.True(done.Finished);
        Assert.Equal(at, done.Epoch);
    }

    [Fact]
    public void A_negative_simulated_epoch_time_is_a_bad_setting() =>
        Assert.NotEmpty(new WorkerOptions { Simulate = true, SimulateEpochMs = -1 }.Validate());
}
