using System.Globalization;
using Akka.Actor;
using Akka.Cluster;

namespace Hpo.Worker.Cluster;

/// <summary>
/// A worker node's id, as announced in <see cref="Protocol.NodeCapacity"/> and used as the shard id of the
/// trials placed on it: the node's address and its incarnation, <c>akka.tcp://hpo@10.0.0.5:4053#1234</c>. A
/// node restarted on the same address is a new id, so the shards of its former self are never mistaken for it.
/// </summary>
public static class WorkerNode
{
    public static string Id(UniqueAddress node) =>
        node.Address + "#" + node.Uid.ToString(CultureInfo.InvariantCulture);

    /// <summary>The id of the node <paramref name="system"/> runs on.</summary>
    public static string Of(ActorSystem system) => Id(Akka.Cluster.Cluster.Get(system).SelfUniqueAddress);

    public static bool TryParse(string? id, out Address address, out int uid)
    {
        address = Address.AllSystems;
        uid = 0;
        if (string.IsNullOrEmpty(id)) return false;
        int hash = id.LastIndexOf('#');
        if (hash <= 0 || !int.TryParse(id.AsSpan(hash + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out uid))
            return false;
        try
        {
            address = Address.Parse(id[..hash]);
            return address.Host is not null && address.Port is not null;
        }
        catch (UriFormatException)
        {
            return false;
        }
    }
}
