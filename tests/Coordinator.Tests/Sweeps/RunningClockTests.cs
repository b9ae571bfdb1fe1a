using Hpo.Sweeps.Control;

namespace Hpo.Coordinator.Tests.Sweeps;

public sealed class RunningClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_sweep_runs_from_its_start_to_its_last_recorded_row()
    {
        var clock = new RunningClock();
        clock.Started(T0);
        clock.Recorded(T0.AddSeconds(40));
        clock.Recorded(T0.AddSeconds(30)); // rows replayed out of order do not shorten it

        Assert.Equal(TimeSpan.FromSeconds(40), clock.Running);
    }

    [Fact]
    public void The_downtime_between_the_last_row_and_a_resume_is_not_running_time()
    {
        var clock = new RunningClock();
        clock.Started(T0);
        clock.Recorded(T0.AddMinutes(2));
        clock.Resumed(T0.AddHours(3)); // the coordinator was stopped for almost three hours
        clock.Recorded(T0.AddHours(3).AddMinutes(1));

        Assert.Equal(TimeSpan.FromMinutes(3), clock.Running);
    }

    [Fact]
    public void A_journal_without_times_has_no_running_time()
    {
        var clock = new RunningClock();
        Assert.Null(clock.Running);
        clock.Recorded(T0);
        Assert.Null(clock.Running);
    }
}
