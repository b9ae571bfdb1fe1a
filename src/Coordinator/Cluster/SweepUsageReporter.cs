using Hpo.Sweeps.Control;
using Hpo.Sweeps.Sharing;

namespace Hpo.Coordinator.Cluster;

/// <summary>
/// A sweep's share of the cluster and what it reports to the registry about it: what it holds on each node and
/// whether it wants more, whenever that (or the share it applied) changed; the registry shares the cluster from these.
/// </summary>
internal sealed class SweepUsageReporter(string sweepId)
{
    private SweepUsage? _reported;

    /// <summary>The last share the registry gave (null: none yet; the sweep dispatches nothing and reports nothing).</summary>
    public SlotShare? Share { get; set; }

    /// <summary>Keeps <paramref name="share"/> if it is this sweep's and newer than the one it has.</summary>
    public bool Accept(SlotShare share)
    {
        if (share.SweepId != sweepId || (Share is { } last && share.Version <= last.Version)) return false;
        Share = share;
        return true;
    }

    /// <summary>
    /// The next report goes even if nothing changed when the sweep wants room and has none (asked every tick), so a report
    /// the registry could not act on at the time (a node it had not heard of yet) is acted on once it can.
    /// </summary>
    public void RepeatWhenStarved(SweepController controller)
    {
        if (controller.Wants && controller.Room.BusySlots >= controller.Room.TotalSlots) _reported = null;
    }

    /// <summary>The report to send now, or null (no share yet, or nothing changed since the last).</summary>
    public SweepUsage? Changed(SweepController controller, bool active)
    {
        if (Share is null) return null;
        var usage = new SweepUsage(sweepId, Share.Version,
            new Dictionary<string, int>(controller.Room.InFlight, StringComparer.Ordinal),
            active && controller.Wants, controller.Spec.Search.Priority, controller.Spec.Search.MaxConcurrent);
        if (usage.SameAs(_reported)) return null;
        _reported = usage;
        return usage;
    }
}
