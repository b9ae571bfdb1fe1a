using Hpo.Protocol;
using Hpo.Sweeps.Control;

namespace Hpo.Coordinator.Cluster;

/// <summary>What a node's announcement of its capacity means to one sweep.</summary>
internal static class NodeAnnouncement
{
    /// <summary>
    /// The sweep's effects of <paramref name="announced"/>: a node with no slots is leaving or lost; any other only lists
    /// the sweep's dispatches it holds (null: it listed none, nothing to do), since the sweep's room comes from its share.
    /// </summary>
    public static SweepEffects? Effects(SweepController controller, string sweepId, NodeCapacity announced, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(announced);
        if (announced.Slots <= 0)
            return announced.Leaving ? controller.OnNodeLeaving(announced.Node, now) : controller.OnNodeLost(announced.Node, now);
        var held = announced.Held?.Where(h => h.SweepId == sweepId).ToCore();
        return held is null ? null : controller.OnNodeListing(announced.Node, held, now);
    }
}
