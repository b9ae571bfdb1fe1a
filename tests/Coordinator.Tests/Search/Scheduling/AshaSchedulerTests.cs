using Hpo.Engine.Options;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Search.Scheduling;

public class AshaSchedulerTests
{
    private static readonly SchedulerOptions Eta3 = new() { Kind = SchedulerKind.Asha, ReductionFactor = 3, MinEpochs = 1, MaxEpochs = 9 };
    private static readonly SchedulerOptions Eta2 = new() { Kind = SchedulerKind.Asha, ReductionFactor = 2, MinEpochs = 1, MaxEpochs = 8 };

    /// <summary>Builds a state event by event, as a journal would.</summary>
    private sealed class Journal(SchedulerOptions options)
    {
        public SweepState State { get; } = new(options);

        public Journal Sample(int trial)
        {
            State.Apply(new TrialSampled(trial, new TrialConfig([new("x", ParamValue.Of((long)trial))]), 0));
            return this;
        }

        /// <summary>Trains a pending trial to <paramref name="to"/> with a constant objective and pauses it there.</summary>
        public Journal Train(int trial, int to, double objective)
        {
            var t = State.Trial(trial);
            State.Apply(new RungStarted(trial, t.Epochs, to));
            for (int e = t.Epochs + 1; e <= to; e++)
                State.Apply(new EpochReported(trial, e, objective, default));
            State.Apply(new TrialPaused(trial, t.Rung));
            return this;
        }

        public Journal Promote(int trial)
        {
            var t = State.Trial(trial);
            State.Apply(new TrialPromoted(trial, t.Rung, t.Rung + 1));
            return this;
        }
    }

    [Fact]
    public void Pauses_at_each_rung_and_promotes_only_the_top_third_then_starts_new_trials()
    {
        var decider = new SweepDecider(Eta3, new CountingSampler());
        double[] firstRung = [0.5, 0.9, 0.1];
        for (int t = 0; t < 3; t++)
        {
            var d = Drive.Slot(decider);
            Assert.Equal((t, 0, 1), (d.Trial, d.FromEpoch, d.ToEpoch)); // nothing promotable yet: a new trial
            var outcome = Drive.Train(decider, d, (_, _) => firstRung[t]);
            Assert.Equal(TrialAction.Pause, outcome.Action);
            Assert.Equal(new TrialPaused(t, 0), outcome.Events[^1]);
        }
        // n = 3 results at rung 0: floor(3/3) = 1, so only the best (trial 1) may go on.
        var promoted = decider.OnSlotFree(Drive.T0);
        Assert.Equal(SlotAction.Promote, promoted.Action);
        Assert.Equal([new TrialPromoted(1, 0, 1), new RungStarted(1, 1, 3)], promoted.Events);
        Assert.Equal(new Dispatch(1, decider.State.Trial(1).Config, 1, 3), promoted.Dispatch);
        Assert.Equal(TrialAction.Pause, Drive.Train(decider, promoted.Dispatch!, (_, _) => 0.95).Action);
        // Rung 1 holds one result (floor(1/3) = 0) and rung 0's top is taken: start trial 3.
        var next = Drive.Slot(decider);
        Assert.Equal((3, 0, 1), (next.Trial, next.FromEpoch, next.ToEpoch));
    }

    [Fact]
    public void Promoted_trial_continues_from_its_paused_epoch_and_never_restarts()
    {
        var decider = new SweepDecider(Eta3 with { MaxEpochs = 27 }, new CountingSampler());
        for (int t = 0; t < 3; t++)
            Drive.Train(decider, Drive.Slot(decider), (trial, e) => trial == 2 ? 0.9 : 0.1);
        var d = Drive.Slot(decider);
        Assert.Equal((2, 1, 3), (d.Trial, d.FromEpoch, d.ToEpoch));
        // A resent report of an epoch before the checkpoint is a duplicate, not a restart.
        Assert.Equal(TrialAction.Ignored, decider.OnReport(new TrialReport(2, 1, 0.2), Drive.T0).Action);
        Assert.Equal(TrialAction.Ignored, decider.OnReport(new TrialReport(2, 3, 0.2), Drive.T0).Action); // skips epoch 2
        Assert.Equal(TrialAction.Continue, decider.OnReport(new TrialReport(2, 2, 0.9), Drive.T0).Action);
        Assert.Equal(TrialAction.Pause, decider.OnReport(new TrialReport(2, 3, 0.9), Drive.T0).Action);
        Assert.Equal([0.9f, 0.9f, 0.9f], decider.State.Trial(2).Objectives.ToArray());
    }

    [Fact]
    public void Scans_rungs_from_the_top_down()
    {
        var j = new Journal(Eta2); // rungs at 1, 2, 4, 8; top floor(n/2)
        double[] e1 = [0.1, 0.2, 0.3, 0.4];
        for (int t = 0; t < 4; t++)
            j.Sample(t).Train(t, 1, e1[t]);
        j.Promote(3).Train(3, 2, 0.5).Promote(2).Train(2, 2, 0.6); // rung 1: n = 2, top = trial 2
        j.Sample(4).Train(4, 1, 0.9); // rung 0: n = 5, top 2 = trials 4 and 3 (3 already promoted)
        var asha = new AshaScheduler();

        Assert.Equal(SlotDecision.Promote(2, 4), asha.OnSlotFree(j.State, canStartNew: true));
        j.Promote(2);
        Assert.Equal(SlotDecision.Promote(4, 2), asha.OnSlotFree(j.State, canStartNew: true));
        j.Promote(4);
        Assert.Equal(SlotDecision.StartNew(0, 1), asha.OnSlotFree(j.State, canStartNew: true));
        Assert.Equal(SlotDecision.Wait, asha.OnSlotFree(j.State, canStartNew: false));
    }

    [Fact]
    public void A_paused_trial_pushed_out_of_the_top_is_no_longer_promotable()
    {
        var j = new Journal(Eta3);
        j.Sample(0).Train(0, 1, 0.5).Sample(1).Train(1, 1, 0.1).Sample(2).Train(2, 1, 0.2);
        var rung = j.State.AsyncRung(0, 0);
        Assert.Equal(0, rung.BestWaiting?.Trial);
        j.Sample(3).Train(3, 1, 0.9); // n = 4: still one place in the top, now trial 3's
        Assert.Equal(3, rung.BestWaiting?.Trial);
        Assert.Equal(1, rung.WaitingCount);
        Assert.False(rung.IsInTop(j.State.RungKey(j.State.Trial(0), 0)));
        j.Sample(4).Train(4, 1, 0.3).Sample(5).Train(5, 1, 0.0); // n = 6: two places, trial 0 is back
        Assert.Equal([3, 0], rung.Results.Take(2).Select(k => k.Trial));
        Assert.Equal(2, rung.WaitingCount);
    }

    [Fact]
    public void Minimised_objectives_rank_lowest_first()
    {
        var j = new Journal(Eta3 with { Mode = ObjectiveMode.Min });
        j.Sample(0).Train(0, 1, 0.5).Sample(1).Train(1, 1, 0.1).Sample(2).Train(2, 1, 0.9);
        Assert.Equal(SlotDecision.Promote(1, 3), new AshaScheduler().OnSlotFree(j.State, canStartNew: true));
    }

    [Fact]
    public void Stop_only_variant_stops_trials_outside_the_top_at_a_rung_and_never_pauses()
    {
        var decider = new SweepDecider(Eta3 with { Kind = SchedulerKind.AshaStop }, new CountingSampler());
        var d0 = Drive.Slot(decider);
        var d1 = Drive.Slot(decider);
        var d2 = Drive.Slot(decider);
        Assert.All(new[] { d0, d1, d2 }, d => Assert.Equal((0, 9), (d.FromEpoch, d.ToEpoch)));
        // The first result at a rung always continues (top ceil(1/3) = 1).
        Assert.Equal(TrialAction.Continue, decider.OnReport(new TrialReport(0, 1, 0.5), Drive.T0).Action);
        var stopped = decider.OnReport(new TrialReport(1, 1, 0.4), Drive.T0);
        Assert.Equal((TrialAction.Stop, StopReason.Rung), (stopped.Action, stopped.Reason));
        Assert.Equal(TrialAction.Continue, decider.OnReport(new TrialReport(2, 1, 0.9), Drive.T0).Action);
        // Between rungs nothing is judged; at rung 1 trial 0 is first again.
        Assert.Equal(TrialAction.Continue, decider.OnReport(new TrialReport(0, 2, 0.1), Drive.T0).Action);
        Assert.Equal(TrialAction.Continue, decider.OnReport(new TrialReport(0, 3, 0.1), Drive.T0).Action);
        Assert.Equal(TrialAction.Continue, decider.OnReport(new TrialReport(2, 2, 0.9), Drive.T0).Action);
        Assert.Equal(TrialAction.Continue, decider.OnReport(new TrialReport(2, 3, 0.9), Drive.T0).Action);
        Assert.Equal(0, decider.State.PausedCount);
    }

    [Fact]
    public void Async_hyperband_shares_new_trials_in_the_papers_proportions()
    {
        var o = new SchedulerOptions { Kind = SchedulerKind.HyperbandAsync, ReductionFactor = 3, MinEpochs = 1, MaxEpochs = 81, MaxTrials = 143 };
        var state = new SweepState(o);
        for (int t = 0; t < 143; t++)
            state.Apply(new TrialSampled(t, TrialConfig.Empty, BracketChoice.Next(state)));
        // 81 + 34 + 15 + 8 + 5 = 143: one full share each.
        Assert.Equal([81, 34, 15, 8, 5], Enumerable.Range(0, 5).Select(state.BracketTrials));
    }

    [Fact]
    public void Asha_with_several_brackets_assigns_round_robin()
    {
        var o = Eta3 with { MaxEpochs = 27, Brackets = 3 };
        var decider = new SweepDecider(o, new CountingSampler());
        var brackets = Enumerable.Range(0, 6).Select(_ => decider.OnSlotFree(Drive.T0).Events.Of<TrialSampled>().Single().Bracket).ToArray();
        Assert.Equal([0, 1, 2, 0, 1, 2], brackets.Select(b => b!.Value));
        Assert.Equal([1, 3, 9, 1, 3, 9], Enumerable.Range(0, 6).Select(t => decider.State.Trial(t).DispatchTo));
    }
}
