using Hpo.Engine.Options;
using Hpo.Engine.Schedules;

namespace Hpo.Engine.Tests.Training;

public class LearningRateScheduleTests
{
    private static double[] Rates(ScheduleOptions o, int epochs = 10, double rate = 0.1) =>
        Enumerable.Range(0, epochs).Select(new LearningRateSchedule(o, rate, epochs).RateFor).ToArray();

    [Fact]
    public void Constant_keeps_the_base_rate() =>
        Assert.All(Rates(new ScheduleOptions()), r => Assert.Equal(0.1, r, 12));

    [Fact]
    public void Time_based_decay_divides_by_one_plus_decay_times_epoch() =>
        Assert.Equal(0.1 / (1 + 0.5 * 4), Rates(new ScheduleOptions { Kind = ScheduleKind.TimeDecay, Decay = 0.5 })[4], 12);

    [Fact]
    public void Step_drop_halves_every_n_epochs()
    {
        var r = Rates(new ScheduleOptions { Kind = ScheduleKind.Step, DropFactor = 0.5, DropEvery = 3 });
        Assert.Equal([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025], r.Take(7).Select(x => Math.Round(x, 10)));
    }

    [Fact]
    public void Exponential_multiplies_by_one_minus_decay_each_epoch() =>
        Assert.Equal(0.1 * Math.Pow(0.9, 5), Rates(new ScheduleOptions { Kind = ScheduleKind.Exponential, Decay = 0.1 })[5], 12);

    [Fact]
    public void Cosine_falls_from_the_base_rate_to_the_minimum_over_the_run()
    {
        var r = Rates(new ScheduleOptions { Kind = ScheduleKind.Cosine, MinLearningRate = 0.001 }, epochs: 11);
        Assert.Equal(0.1, r[0], 12);
        Assert.Equal((0.1 + 0.001) / 2, r[5], 12);
        Assert.Equal(0.001, r[10], 12);
        Assert.True(r.Zip(r.Skip(1)).All(p => p.Second <= p.First));
    }

    [Fact]
    public void Cosine_with_warm_restarts_jumps_back_to_the_base_rate()
    {
        var r = Rates(new ScheduleOptions { Kind = ScheduleKind.CosineRestarts, Period = 4, PeriodMultiplier = 2 }, epochs: 14);
        Assert.Equal(0.1, r[0], 12);
        Assert.True(r[3] < 0.02);
        Assert.Equal(0.1, r[4], 12); // first restart after 4 epochs
        Assert.Equal(0.1, r[12], 12); // second after a further 8
    }

    [Fact]
    public void Linear_warm_up_climbs_to_the_base_rate()
    {
        var r = Rates(new ScheduleOptions { WarmupEpochs = 3 });
        Assert.Equal([0.025, 0.05, 0.075, 0.1, 0.1], r.Take(5).Select(x => Math.Round(x, 10)));
    }

    [Fact]
    public void Reduce_on_plateau_drops_after_patience_epochs_without_improvement()
    {
        var s = new LearningRateSchedule(new ScheduleOptions { Kind = ScheduleKind.ReduceOnPlateau, Patience = 2, DropFactor = 0.5 }, 0.1, 20);
        s.Observe(1.0);
        s.Observe(0.9);
        Assert.Equal(0.1, s.RateFor(2), 12);
        s.Observe(0.95);
        s.Observe(0.92);
        Assert.Equal(0.05, s.RateFor(4), 12);
    }
}
