
namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>The scheduler for each kind.</summary>
public static class TrialSchedulers
{
    public static ITrialScheduler For(SchedulerKind kind) => kind switch
    {
        SchedulerKind.Fifo => new FifoScheduler(),
        SchedulerKind.Median => new MedianStoppingScheduler(),
        SchedulerKind.Asha or SchedulerKind.HyperbandAsync => new AshaScheduler(),
        SchedulerKind.AshaStop => new AshaStopScheduler(),
        SchedulerKind.SuccessiveHalving or SchedulerKind.Hyperband => new SyncHalvingScheduler(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown scheduler kind"),
    };
}
