using Hpo.Coordinator.Cli;
using Hpo.Coordinator.Search;
using Hpo.Coordinator.Search.Plans;
using Hpo.Coordinator.Search.State;
using Hpo.Coordinator.Sweeps;
using Hpo.Engine.Options;

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
    public void The_progress_line_shows_busy_slots_and_the_rungs_queued_behind_them()
    {
        Assert.EndsWith("slots 2/2 (+2 queued)", SweepReport.Line(Status(2, 2), 3.0));
        Assert.EndsWith("slots 1/2", SweepReport.Line(Status(1, 0), 3.0));
        Assert.Contains("trials 6 [running 4 paused 2]", SweepReport.Line(Status(2, 2), 3.0));
    }
}
