namespace Hpo.Node.Hosting;

/// <summary>The cluster roles: a process may hold both (embedded mode).</summary>
public static class HpoRoles
{
    public const string Worker = "worker";
    public const string Coordinator = "coordinator";
}

/// <summary>The key of the trial shard region (or its proxy) in the Akka.Hosting actor registry.</summary>
public sealed class TrialRegion
{
    /// <summary>The sharding type name of trial entities.</summary>
    public const string TypeName = "trial";

    /// <summary>The DistributedPubSub topic of <see cref="Protocol.NodeCapacity"/> announcements.</summary>
    public const string CapacityTopic = "hpo-capacity";

    private TrialRegion()
    {
    }
}
