using Hpo.Engine.Options;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Search.Simulation;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Search.State;

public class SweepStateTests
{
    private static readonly SchedulerOptions Asha = new() { Kind = SchedulerKind.Asha, ReductionFactor = 3, MaxEpochs = 9 };

    [Fact]
    public void A_repeated_report_is_ignored_by_the_decider_and_by_Apply()
    {
        var decider = new SweepDecider(Asha with { Kind = SchedulerKind.Fifo }, new CountingSampler());
        var d = Drive.Slot(decider);
        var first = decider.OnReport(new TrialReport(d.Trial, 1, 0.5), Drive.T0);
        string before = StateFingerprint.Of(decider.State);

        var again = decider.OnReport(new TrialReport(d.Trial, 1, 0.7), Drive.T0);
        Assert.Equal((TrialAction.Ignored, 0), (again.Action, again.Events.Count));
        // A journal may hold the same report twice (resent before the acknowledgement): Apply ignores it.
        decider.State.Apply(first.Events.Single());
        decider.State.Apply(new EpochReported(d.Trial, 1, 0.9, default));
        Assert.Equal(before, StateFingerprint.Of(decider.State));
        Assert.Equal(1, decider.State.EpochsReported);
    }

    [Fact]
    public void Reports_that_skip_an_epoch_or_come_after_the_end_are_ignored()
    {
        var decider = new SweepDecider(Asha, new CountingSampler());
        var d = Drive.Slot(decider);
        Assert.Equal(TrialAction.Ignored, decider.OnReport(new TrialReport(d.Trial, 2, 0.5), Drive.T0).Action);
        Assert.Equal(TrialAction.Ignored, decider.OnReport(new TrialReport(7, 1, 0.5), Drive.T0).Action);
        Assert.Equal(TrialAction.Pause, decider.OnReport(new TrialReport(d.Trial, 1, 0.5), Drive.T0).Action);
        Assert.Equal(TrialAction.Ignored, decider.OnReport(new TrialReport(d.Trial, 2, 0.5), Drive.T0).Action); // paused
        Assert.Equal(1, decider.State.EpochsReported);
    }

    [Fact]
    public void Apply_rejects_events_that_do_not_fit_the_state()
    {
        var state = new SweepState(Asha);
        Assert.Throws<InvalidOperationException>(() => state.Apply(new TrialSampled(1, TrialConfig.Empty, 0)));
        Assert.Throws<InvalidOperationException>(() => state.Apply(new TrialSampled(0, TrialConfig.Empty, null)));
        state.Apply(new TrialSampled(0, TrialConfig.Empty, 0));
        Assert.Throws<InvalidOperationException>(() => state.Apply(new EpochReported(0, 1, 0.5, default))); // not dispatched
        state.Apply(new RungStarted(0, 0, 1));
        Assert.Throws<InvalidOperationException>(() => state.Apply(new TrialPaused(0, 0))); // not at the milestone yet
        state.Apply(new EpochReported(0, 1, 0.5, default));
        state.Apply(new TrialPaused(0, 0));
        Assert.Throws<InvalidOperationException>(() => state.Apply(new TrialPromoted(0, 1, 2)));
        state.Apply(new TrialStopped(0, StopReason.SweepFinished));
        Assert.Throws<InvalidOperationException>(() => state.Apply(new TrialCompleted(0)));
        Assert.Throws<InvalidOperationException>(() => state.Apply(new TrialStopped(0, StopReason.Rung)));
    }

    [Fact]
    public void The_best_trial_is_judged_at_its_checkpoint_not_at_a_passing_peak()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.Fifo, MaxEpochs = 3, MaxTrials = 2 };
        double[][] curves = [[0.9, 0.7, 0.6], [0.5, 0.6, 0.7]];
        var decider = new SweepDecider(o, new CountingSampler());
        Drive.Sequential(decider, (t, e) => curves[t][e - 1]);
        Assert.Equal(1, decider.State.BestTrial);
        Assert.Equal(0.7, decider.State.BestObjective!.Value, 6);
        Assert.Equal(0.9f, decider.State.Trial(0).BestScore);
    }

    [Fact]
    public void A_minimised_objective_makes_the_lowest_checkpoint_best()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.Fifo, MaxEpochs = 2, MaxTrials = 3, Mode = ObjectiveMode.Min };
        double[] final = [0.4, 0.2, 0.3];
        var decider = new SweepDecider(o, new CountingSampler());
        Drive.Sequential(decider, (t, e) => final[t]);
        Assert.Equal(1, decider.State.BestTrial);
        Assert.Equal(0.2, decider.State.BestObjective!.Value, 6);
        Assert.Equal([1, 2, 0], decider.State.Leaderboard.Select(k => k.Trial));
    }

    [Fact]
    public void The_history_for_samplers_holds_one_entry_per_trial_updated_at_each_checkpoint()
    {
        var decider = new SweepDecider(Asha with { MaxTrials = 3 }, new CountingSampler());
        Drive.Sequential(decider, (t, e) => t == 2 ? 0.5 + e / 100.0 : 0.1);
        var history = decider.State.History;
        Assert.Equal(3, history.Count);
        var promoted = history.Single(h => h.Config.Equals(decider.State.Trial(2).Config));
        // Promoted at rung 0, then carried to the top by the endgame once the three trials were spent.
        Assert.Equal((9, 0.59), (promoted.Epochs, Math.Round(promoted.Objective, 5)));
    }

    [Fact]
    public void Trials_stopped_early_keep_only_the_epochs_they_trained()
    {
        var sim = new SweepSimulation(new SchedulerOptions { Kind = SchedulerKind.Asha, MaxEpochs = 81, MaxTrials = 300 }, slots: 8, seed: 4);
        sim.Run();
        foreach (var t in sim.State.Trials)
            Assert.Equal(24 + 4L * t.DispatchTo, t.Curve.HeapBytes); // an array exactly as long as the last dispatch
        Assert.Contains(sim.State.Trials, t => t.DispatchTo == 1);
    }

    [Fact]
    public void State_estimate_stays_under_two_kilobytes_a_trial()
    {
        var sim = new SweepSimulation(new SchedulerOptions { Kind = SchedulerKind.Asha, MaxEpochs = 81, MaxTrials = 5000 }, slots: 100, seed: 2);
        sim.Run();
        double perTrial = sim.State.EstimateBytes() / (double)sim.State.TrialCount;
        Assert.InRange(perTrial, 100, 2048);
    }
}
