using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Hpo.Node.Hosting;

namespace Hpo.Worker.Cluster;

/// <summary>
/// Places each trial shard on the node it is named after (see <see cref="WorkerNode"/>), so the coordinator
/// decides placement by free slots and a promoted trial sent to the same node finds its model in memory.
/// <list type="bullet">
/// <item>The named node is up with the worker role and its region is registered: that region.</item>
/// <item>The named node is up but its region has not registered yet: the allocation is deferred (the asking
/// region retries) up to <see cref="MaxDeferrals"/> times, then falls back.</item>
/// <item>Otherwise (the node left, restarted as a new incarnation, or the shard names no node): the region with
/// the fewest shards, ties broken by address; the entity there restores the trial's checkpoint.</item>
/// </list>
/// Shards are never rebalanced: moving one would cancel a training in progress.
/// </summary>
public sealed class NodeShardAllocationStrategy : IShardAllocationStrategy, IActorSystemDependentAllocationStrategy
{
    public const int MaxDeferrals = 5;

    private readonly string _role;
    private readonly Dictionary<string, int> _deferrals = [];
    private Address? _self;
    private Func<Address, int?>? _upWorkerUid;

    public NodeShardAllocationStrategy(string role = HpoRoles.Worker)
    {
        _role = role;
    }

    /// <summary>For tests: this node's address and who is up (the incarnation of an up worker at an address).</summary>
    internal NodeShardAllocationStrategy(Address self, Func<Address, int?> upWorkerUid) : this()
    {
        _self = self;
        _upWorkerUid = upWorkerUid;
    }

    public void Start(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        _self = cluster.SelfAddress;
        _upWorkerUid = address =>
        {
            foreach (var m in cluster.State.Members)
                if (m.Address.Equals(address) && m.Status == MemberStatus.Up && m.HasRole(_role)) return m.UniqueAddress.Uid;
            return null;
        };
    }

    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId,
        IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        if (_self is null || _upWorkerUid is null)
            throw new InvalidOperationException("the allocation strategy was not started");
        if (WorkerNode.TryParse(shardId, out var address, out var uid) && _upWorkerUid(address) == uid)
        {
            foreach (var region in currentShardAllocations.Keys)
            {
                if (!AddressOf(region).Equals(address)) continue;
                _deferrals.Remove(shardId);
                return Task.FromResult(region);
            }
            int tries = _deferrals.GetValueOrDefault(shardId) + 1;
            if (tries <= MaxDeferrals)
            {
                _deferrals[shardId] = tries;
                return Task.FromException<IActorRef>(new RegionNotYetRegistered(shardId));
            }
        }
        _deferrals.Remove(shardId);
        return Task.FromResult(LeastShards(currentShardAllocations));
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations,
        IImmutableSet<string> rebalanceInProgress) =>
        Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);

    private IActorRef LeastShards(IImmutableDictionary<IActorRef, IImmutableList<string>> allocations)
    {
        if (allocations.Count == 0) throw new InvalidOperationException("no shard region to allocate to");
        return allocations
            .OrderBy(p => p.Value.Count)
            .ThenBy(p => AddressOf(p.Key).ToString(), StringComparer.Ordinal)
            .First().Key;
    }

    /// <summary>A region's node address; the coordinator's own region has a local path.</summary>
    private Address AddressOf(IActorRef region) =>
        region.Path.Address.HasLocalScope ? _self! : region.Path.Address;

    /// <summary>Why an allocation was deferred: the named node is up but its region is not known yet.</summary>
    public sealed class RegionNotYetRegistered(string shardId)
        : Exception($"the trial region of {shardId} has not registered yet; the allocation is retried");
}
