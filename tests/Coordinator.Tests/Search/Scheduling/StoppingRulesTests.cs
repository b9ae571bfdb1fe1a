using Hpo.Engine.Options;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Search.Scheduling;

public class StoppingRulesTests
{
    private static SchedulerOptions Median(ObjectiveMode mode = ObjectiveMode.Max) => new()
    {
        Kind = SchedulerKind.Median,
        MaxEpochs = 5,
        MedianGracePeriod = 2,
        MedianMinSamples = 2,
        Mode = mode,
        MaxTrials = 4,
    };

    [Theory]
    [InlineData(ObjectiveMode.Max)]
    [InlineData(ObjectiveMode.Min)]
    public void Median_rule_stops_a_trial_whose_best_is_below_the_others_running_median(ObjectiveMode mode)
    {
        // Constant curves; the sign flips for a minimised objective so that the ranking is the same.
        double[] level = [0.5, 0.3, 0.35, 0.45];
        double sign = mode == ObjectiveMode.Max ? 1 : -1;
        var decider = new SweepDecider(Median(mode), new CountingSampler());
        var events = Drive.Sequential(decider, (t, e) => sign * level[t]);
        var state = decider.State;
        Assert.Equal(TrialStatus.Completed, state.Trial(0).Status); // alone
        Assert.Equal(TrialStatus.Completed, state.Trial(1).Status); // only one other: below min samples
        // Trial 2 at epoch 2: others' averages 0.5 and 0.3, median 0.4 > 0.35. Not at epoch 1: grace period.
        Assert.Equal((TrialStatus.Stopped, StopReason.Median, 2), (state.Trial(2).Status, state.Trial(2).StopReason, state.Trial(2).Epochs));
        // Trial 3: others 0.5, 0.3, 0.35: median 0.35 < 0.45, so it runs on.
        Assert.Equal(TrialStatus.Completed, state.Trial(3).Status);
        Assert.Equal(0, state.BestTrial);
    }

    [Fact]
    public void Median_rule_compares_the_best_so_far_with_running_averages()
    {
        // Trial 2 dips below the others' averages at epoch 3, but its best so far (epoch 2) is above them.
        double[][] curves =
        [
            [0.5, 0.5, 0.5, 0.5, 0.5],
            [0.4, 0.4, 0.4, 0.4, 0.4],
            [0.3, 0.6, 0.2, 0.2, 0.2],
        ];
        var o = Median() with { MaxTrials = 3 };
        var decider = new SweepDecider(o, new CountingSampler());
        Drive.Sequential(decider, (t, e) => curves[t][e - 1]);
        Assert.Equal(TrialStatus.Completed, decider.State.Trial(2).Status);
    }

    [Fact]
    public void Early_stopping_ends_a_trial_after_patience_epochs_without_min_delta_improvement()
    {
        var o = new SchedulerOptions
        {
            Kind = SchedulerKind.Fifo,
            MaxEpochs = 10,
            MaxTrials = 2,
            EarlyStopping = new TrialPatience(2, 0.01),
        };
        double[] stalling = [0.5, 0.505, 0.509, 0.6, 0.7];
        var decider = new SweepDecider(o, new CountingSampler());
        Drive.Sequential(decider, (t, e) => t == 0 ? stalling[e - 1] : 0.5 + 0.02 * e);
        var stopped = decider.State.Trial(0);
        Assert.Equal((TrialStatus.Stopped, StopReason.EarlyStopping, 3), (stopped.Status, stopped.StopReason, stopped.Epochs));
        Assert.Equal(TrialStatus.Completed, decider.State.Trial(1).Status); // improves by 0.02 > min_delta each epoch
    }

    [Fact]
    public void Early_stopping_works_with_asha_inside_a_rung()
    {
        var o = new SchedulerOptions
        {
            Kind = SchedulerKind.Asha,
            ReductionFactor = 3,
            MinEpochs = 3,
            MaxEpochs = 27,
            MaxTrials = 1,
            EarlyStopping = new TrialPatience(1),
        };
        var decider = new SweepDecider(o, new CountingSampler());
        var events = Drive.Sequential(decider, (t, e) => e == 1 ? 0.5 : 0.4);
        Assert.Equal(new TrialStopped(0, StopReason.EarlyStopping), events.Of<TrialStopped>().Single());
        Assert.Equal(2, decider.State.Trial(0).Epochs);
    }

    [Fact]
    public void Early_stopping_patience_counts_from_a_minimised_objectives_lowest_value()
    {
        var o = new SchedulerOptions
        {
            Kind = SchedulerKind.Fifo,
            MaxEpochs = 10,
            MaxTrials = 1,
            Mode = ObjectiveMode.Min,
            EarlyStopping = new TrialPatience(3),
        };
        double[] loss = [1.0, 0.8, 0.9, 0.85, 0.81, 0.7];
        var decider = new SweepDecider(o, new CountingSampler());
        Drive.Sequential(decider, (t, e) => loss[e - 1]);
        Assert.Equal(5, decider.State.Trial(0).Epochs); // best at epoch 2, three epochs without a lower loss
    }
}
