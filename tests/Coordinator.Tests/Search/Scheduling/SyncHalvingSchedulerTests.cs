using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Search.Scheduling;

public class SyncHalvingSchedulerTests
{
    /// <summary>Higher trial ids are better at every epoch; the value also rises with the epoch.</summary>
    private static double ById(int trial, int epoch) => trial / 100.0 + epoch / 1000.0;

    [Fact]
    public void Successive_halving_waits_for_the_whole_rung_then_promotes_its_top_third()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.SuccessiveHalving, ReductionFactor = 3, MinEpochs = 1, MaxEpochs = 9, MaxTrials = 9 };
        var events = Drive.Sequential(new SweepDecider(o, new CountingSampler()), ById);

        int firstPromotion = events.FindIndex(e => e is TrialPromoted);
        Assert.Equal(9, events.Take(firstPromotion).Of<TrialPaused>().Count(p => p.Rung == 0));
        Assert.Equal([8, 7, 6], events.Of<TrialPromoted>().Where(p => p.FromRung == 0).Select(p => p.Trial));
        Assert.Equal([8], events.Of<TrialPromoted>().Where(p => p.FromRung == 1).Select(p => p.Trial));
        Assert.Equal([8], events.Of<TrialCompleted>().Select(c => c.Trial));
        // Rung 1 also waits for all three before promoting.
        int secondRound = events.FindIndex(e => e is TrialPromoted { FromRung: 1 });
        Assert.Equal(3, events.Take(secondRound).Of<TrialPaused>().Count(p => p.Rung == 1));
        Assert.Equal(new SweepFinished(FinishReason.MaxTrials, 8), events[^1]);
        Assert.Equal(8, events.Of<TrialStopped>().Count(s => s.Reason == StopReason.SweepFinished));
    }

    [Fact]
    public void A_free_slot_fills_the_bracket_then_opens_the_next_instead_of_idling()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.SuccessiveHalving, ReductionFactor = 3, MinEpochs = 1, MaxEpochs = 3 };
        var decider = new SweepDecider(o, new CountingSampler()); // rungs 3x1, 1x3
        var d0 = Drive.Slot(decider);
        var d1 = Drive.Slot(decider);
        Assert.Equal(TrialAction.Pause, Drive.Train(decider, d0, ById).Action);
        var d2 = Drive.Slot(decider);
        Assert.Equal(0, decider.State.Trial(d2.Trial).Bracket); // bracket 0 still takes trials
        Assert.Equal(TrialAction.Pause, Drive.Train(decider, d1, ById).Action);
        var d3 = Drive.Slot(decider); // bracket 0 is full but trial 2 still runs: no promotion yet
        Assert.Equal((3, 1), (d3.Trial, decider.State.Trial(d3.Trial).Bracket));
        Assert.Equal(TrialAction.Pause, Drive.Train(decider, d2, ById).Action);
        var promoted = decider.OnSlotFree(Drive.T0);
        Assert.Equal(SlotAction.Promote, promoted.Action);
        Assert.Equal(new Dispatch(2, decider.State.Trial(2).Config, 1, 3), promoted.Dispatch);
    }

    [Fact]
    public void Hyperband_runs_each_bracket_with_the_papers_rung_sizes()
    {
        // R = 9, eta = 3: s=2: 9x1, 3x3, 1x9; s=1: 5x3, 1x9; s=0: 3x9.
        var o = new SchedulerOptions { Kind = SchedulerKind.Hyperband, ReductionFactor = 3, MinEpochs = 1, MaxEpochs = 9, MaxTrials = 17 };
        var decider = new SweepDecider(o, new CountingSampler());
        Drive.Sequential(decider, ById);
        var state = decider.State;
        int Reached(int bracket, int epochs) => state.Trials.Count(t => t.Bracket == bracket && t.Epochs >= epochs);
        Assert.Equal([9, 3, 1], new[] { Reached(0, 1), Reached(0, 3), Reached(0, 9) });
        Assert.Equal([5, 1], new[] { Reached(1, 3), Reached(1, 9) });
        Assert.Equal(3, Reached(2, 9));
        Assert.Equal(0, state.Trials.Count(t => t.Bracket == 1 && t.Epochs < 3));
        Assert.Equal(9 + 3 * 2 + 6 + 5 * 3 + 6 + 3 * 9, state.EpochsReported);
        Assert.Equal(16, state.BestTrial); // the best of bracket 2
    }

    [Fact]
    public void Hyperband_cycles_its_brackets()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.Hyperband, ReductionFactor = 3, MinEpochs = 1, MaxEpochs = 9, MaxTrials = 40 };
        var decider = new SweepDecider(o, new CountingSampler());
        Drive.Sequential(decider, ById);
        var brackets = decider.State.Trials.Select(t => t.Bracket!.Value).Distinct().ToArray();
        // 17 trials a cycle (9 + 5 + 3): two cycles and 6 trials of a third.
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], brackets);
        Assert.Equal([1, 3, 9, 1, 3, 9, 1], brackets.Select(b => decider.State.SyncBrackets[b].Plan.Milestones[0]));
        Assert.Equal(6, decider.State.SyncBrackets[6].Sampled);
    }

    [Fact]
    public void A_bracket_cut_short_by_max_trials_promotes_a_proportional_share()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.SuccessiveHalving, ReductionFactor = 3, MinEpochs = 1, MaxEpochs = 9, MaxTrials = 6 };
        var events = Drive.Sequential(new SweepDecider(o, new CountingSampler()), ById);
        // 6 of a planned 9 entered rung 0: 6 * 3 / 9 = 2 go on, then 1.
        Assert.Equal([5, 4], events.Of<TrialPromoted>().Where(p => p.FromRung == 0).Select(p => p.Trial));
        Assert.Equal([5], events.Of<TrialCompleted>().Select(c => c.Trial));
    }

    [Fact]
    public void Stopped_and_diverged_trials_do_not_block_a_rung()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.SuccessiveHalving, ReductionFactor = 3, MinEpochs = 1, MaxEpochs = 9, MaxTrials = 9 };
        // Trial 8 diverges at epoch 1, trial 7 at epoch 2 (after promotion): the rest goes on.
        var events = Drive.Sequential(new SweepDecider(o, new CountingSampler()),
            (t, e) => t == 8 || (t == 7 && e == 2) ? double.NaN : ById(t, e));
        Assert.Equal([7, 6, 5], events.Of<TrialPromoted>().Where(p => p.FromRung == 0).Select(p => p.Trial));
        Assert.Equal([8, 7], events.Of<TrialDiverged>().Select(d => d.Trial));
        Assert.Equal([6], events.Of<TrialCompleted>().Select(c => c.Trial));
    }
}
