using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Search.Simulation;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Search.Scheduling;

public class BudgetTests
{
    private static double Rising(int trial, int epoch) => 0.5 + 0.01 * epoch + 0.001 * (trial % 7);

    [Fact]
    public void Max_trials_ends_the_sweep_and_names_the_best_trial()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.Fifo, MaxEpochs = 3, MaxTrials = 5 };
        var decider = new SweepDecider(o, new CountingSampler());
        var events = Drive.Sequential(decider, Rising);
        Assert.Equal(5, events.Of<TrialSampled>().Count());
        Assert.Equal(new SweepFinished(FinishReason.MaxTrials, 4), events[^1]);
        Assert.Equal(0.534, decider.State.BestObjective!.Value, 5);
        Assert.Equal(SlotAction.Finished, decider.OnSlotFree(Drive.T0).Action);
    }

    [Fact]
    public void Epoch_budget_clips_the_last_dispatch_and_stops_that_trial_there()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.Fifo, MaxEpochs = 4, MaxTotalEpochs = 10 };
        var decider = new SweepDecider(o, new CountingSampler());
        var events = Drive.Sequential(decider, Rising);
        Assert.Equal([4, 4, 2], events.Of<RungStarted>().Select(r => r.ToEpoch));
        Assert.Equal(new TrialStopped(2, StopReason.EpochBudget), events.Of<TrialStopped>().Single());
        Assert.Equal(10, decider.State.EpochsReported);
        Assert.Equal(FinishReason.MaxTotalEpochs, events.Of<SweepFinished>().Single().Reason);
    }

    [Fact]
    public void Epoch_budget_is_never_exceeded_with_many_slots()
    {
        foreach (var kind in Enum.GetValues<SchedulerKind>())
        {
            var o = new SchedulerOptions { Kind = kind, MaxEpochs = 27, MaxTotalEpochs = 500, MaxTrials = 1000 };
            var sim = new SweepSimulation(o, slots: 16, seed: 3);
            sim.AfterStep = s => Assert.True(s.State.EpochsCommitted <= 500, $"{kind}: committed {s.State.EpochsCommitted}");
            sim.Run();
            Assert.Equal(500, sim.State.EpochsReported);
            Assert.Equal(FinishReason.MaxTotalEpochs, sim.State.FinishReason);
        }
    }

    [Fact]
    public void Time_budget_stops_running_trials_at_their_next_report_and_finishes()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.Fifo, MaxEpochs = 10, TimeBudget = TimeSpan.FromMinutes(5) };
        var decider = new SweepDecider(o, new CountingSampler());
        // Each call to the decider is one minute later.
        var events = Drive.Sequential(decider, Rising, step => Drive.T0.AddMinutes(step));
        Assert.Equal(Drive.T0, decider.State.StartedAt);
        var stop = events.Of<TrialStopped>().Single();
        Assert.Equal(StopReason.TimeBudget, stop.Reason);
        // Reports at minutes 1..4 continue; the one at minute 5, the deadline, is recorded and the trial stopped.
        Assert.Equal(5, decider.State.Trial(0).Epochs);
        Assert.Equal(1, decider.State.TrialCount);
        Assert.Equal(new SweepFinished(FinishReason.TimeBudget, 0), events[^1]);
    }

    [Fact]
    public void Timer_stops_every_running_trial_once_the_time_is_up()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.Asha, MaxEpochs = 9, TimeBudget = TimeSpan.FromSeconds(30) };
        var decider = new SweepDecider(o, new CountingSampler());
        var d0 = Drive.Slot(decider);
        var d1 = Drive.Slot(decider);
        Assert.Empty(decider.OnTimer(Drive.T0.AddSeconds(29)));
        var stops = decider.OnTimer(Drive.T0.AddSeconds(30));
        Assert.Equal([new TrialStopped(d0.Trial, StopReason.TimeBudget), new TrialStopped(d1.Trial, StopReason.TimeBudget)], stops);
        Assert.Equal(TrialAction.Ignored, decider.OnReport(new TrialReport(d0.Trial, 1, 0.5), Drive.T0.AddSeconds(31)).Action);
        var end = decider.OnSlotFree(Drive.T0.AddSeconds(31));
        Assert.Equal(new SweepFinished(FinishReason.TimeBudget, null), end.Events.Single());
    }

    [Fact]
    public void After_a_resume_the_time_budget_goes_on_from_what_was_left_not_from_the_first_start()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.Asha, MaxEpochs = 9, TimeBudget = TimeSpan.FromSeconds(30) };
        var decider = new SweepDecider(o, new CountingSampler());
        var slot = decider.OnSlotFree(Drive.T0);
        var d0 = slot.Dispatch!;
        var journal = new List<SweepEvent>(slot.Events);
        // The coordinator stopped after 20 s of running and came back two hours later.
        var back = Drive.T0.AddHours(2);
        var recovered = SweepDecider.Replay(o, new CountingSampler(), journal);
        var resumed = Assert.Single(recovered.Resumed(back, TimeSpan.FromSeconds(20)));

        Assert.Equal(new SweepResumed(back, 20), resumed);
        Assert.Equal(back.AddSeconds(10), recovered.State.Deadline);
        Assert.Empty(recovered.OnTimer(back.AddSeconds(9)));
        Assert.Equal([new TrialStopped(d0.Trial, StopReason.TimeBudget)], recovered.OnTimer(back.AddSeconds(10)));
        // Replayed again, the resume keeps its place: the deadline is the same.
        var again = SweepDecider.Replay(o, new CountingSampler(), [.. journal, resumed]);
        Assert.Equal(back.AddSeconds(10), again.State.Deadline);
    }

    [Fact]
    public void A_resume_whose_running_time_is_unknown_keeps_the_deadline_of_the_first_start()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.Asha, MaxEpochs = 9, TimeBudget = TimeSpan.FromSeconds(30) };
        var decider = new SweepDecider(o, new CountingSampler());
        Drive.Slot(decider);
        decider.Resumed(Drive.T0.AddHours(1), null);

        Assert.Equal(Drive.T0.AddSeconds(30), decider.State.Deadline);
    }

    [Fact]
    public void Max_concurrent_caps_running_trials_whatever_the_slots()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.Asha, MaxEpochs = 27, MaxTrials = 60, MaxConcurrent = 3 };
        var decider = new SweepDecider(o, new CountingSampler());
        for (int i = 0; i < 3; i++)
            Assert.NotNull(decider.OnSlotFree(Drive.T0).Dispatch);
        Assert.Equal(SlotAction.Wait, decider.OnSlotFree(Drive.T0).Action);

        var sim = new SweepSimulation(o, slots: 10, seed: 5);
        int peak = 0;
        sim.AfterStep = s => peak = Math.Max(peak, s.State.Running);
        sim.Run();
        Assert.Equal(3, peak);
        Assert.True(sim.State.IsFinished);
    }

    [Fact]
    public void An_exhausted_sampler_ends_the_search_once_its_best_trial_reached_the_maximum_epochs()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.Asha, ReductionFactor = 3, MaxEpochs = 9, MaxTrials = 100 };
        var decider = new SweepDecider(o, new CountingSampler(limit: 3));
        var events = Drive.Sequential(decider, (t, e) => t == 1 ? 0.9 : 0.1 * t);
        Assert.Single(events.Of<SamplerExhausted>());
        // Three results at rung 0 let one trial on; alone at rung 1 (floor(1/3) = 0) true promotion would leave it
        // there, but no new trial can come: the endgame takes it on to the top, as synchronous halving would.
        Assert.Equal([1, 1], events.Of<TrialPromoted>().Select(p => p.Trial));
        Assert.Equal((TrialStatus.Completed, 9), (decider.State.Trial(1).Status, decider.State.Trial(1).Epochs));
        Assert.Equal([StopReason.SweepFinished, StopReason.SweepFinished], new[] { 0, 2 }.Select(t => decider.State.Trial(t).StopReason!.Value));
        Assert.Equal(new SweepFinished(FinishReason.SearchExhausted, 1), events[^1]);
    }

    [Fact]
    public void Failures_and_divergence_end_trials_and_free_their_slots()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.Fifo, MaxEpochs = 5, MaxTrials = 3 };
        var decider = new SweepDecider(o, new CountingSampler());
        var d0 = Drive.Slot(decider);
        var failed = decider.OnFailure(d0.Trial, "out of memory", Drive.T0);
        Assert.Equal((TrialAction.Failed, true), (failed.Action, failed.FreesSlot));
        Assert.Equal(new TrialFailed(0, "out of memory"), failed.Events.Single());
        Assert.Equal(TrialAction.Ignored, decider.OnFailure(d0.Trial, "again", Drive.T0).Action);

        var d1 = Drive.Slot(decider);
        Assert.Equal(TrialAction.Continue, decider.OnReport(new TrialReport(d1.Trial, 1, 0.5), Drive.T0).Action);
        var diverged = decider.OnReport(new TrialReport(d1.Trial, 2, double.PositiveInfinity), Drive.T0);
        Assert.Equal(TrialAction.Diverged, diverged.Action);
        Assert.Equal(new TrialDiverged(1, 2), diverged.Events[^1]);
        Assert.Null(decider.State.BestTrial); // no checkpoint was taken before it diverged
    }
}
