using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Hpo.Worker.Cluster;

namespace Hpo.Worker.Tests.Cluster;

public sealed class NodeShardAllocationStrategyTests
{
    private static readonly Address A = Address.Parse("akka.tcp://hpo@127.0.0.1:4053");
    private static readonly Address B = Address.Parse("akka.tcp://hpo@127.0.0.1:4054");
    private static readonly Address C = Address.Parse("akka.tcp://hpo@127.0.0.2:4053");

    /// <summary>A shard region's reference as the coordinator sees it: local for its own node.</summary>
    private sealed class RegionRef(ActorPath path) : MinimalActorRef
    {
        public override ActorPath Path { get; } = path;
        public override IActorRefProvider Provider => throw new NotSupportedException();
    }

    private static IActorRef Region(Address? address) =>
        new RegionRef(new RootActorPath(address ?? new Address("akka", "hpo")) / "system" / "sharding" / "trial");

    private static readonly IActorRef LocalA = Region(null);
    private static readonly IActorRef RegionB = Region(B);
    private static readonly IActorRef RegionC = Region(C);

    private static readonly Dictionary<Address, int> Up = new() { [A] = 1, [B] = 2, [C] = 3 };

    private static NodeShardAllocationStrategy Strategy(Dictionary<Address, int>? up = null) =>
        new(A, address => (up ?? Up).TryGetValue(address, out var uid) ? uid : null);

    private static IImmutableDictionary<IActorRef, IImmutableList<string>> Allocations(int a = 0, int b = 0, int c = 0) =>
        ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty
            .Add(LocalA, Shards("a", a))
            .Add(RegionB, Shards("b", b))
            .Add(RegionC, Shards("c", c));

    private static IImmutableList<string> Shards(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => $"{prefix}{i}").ToImmutableList();

    private static string NodeId(Address address, int uid) => WorkerNode.Id(new UniqueAddress(address, uid));

    [Fact]
    public async Task A_nodes_shard_goes_to_that_nodes_region_however_loaded()
    {
        var strategy = Strategy();
        Assert.Same(RegionB, await strategy.AllocateShard(RegionC, NodeId(B, 2), Allocations(b: 9)));
        Assert.Same(RegionC, await strategy.AllocateShard(RegionB, NodeId(C, 3), Allocations(c: 4)));
    }

    [Fact]
    public async Task The_coordinators_own_region_is_found_by_its_nodes_address()
    {
        Assert.Same(LocalA, await Strategy().AllocateShard(RegionB, NodeId(A, 1), Allocations(a: 5)));
    }

    [Fact]
    public async Task The_shard_of_a_node_that_left_goes_to_the_least_loaded_region()
    {
        var up = new Dictionary<Address, int> { [A] = 1, [C] = 3 };
        Assert.Same(RegionC, await Strategy(up).AllocateShard(LocalA, NodeId(B, 2), Allocations(a: 2, b: 1, c: 0)));
    }

    [Fact]
    public async Task The_shard_of_a_former_incarnation_is_not_given_to_the_restarted_node()
    {
        Assert.Same(LocalA, await Strategy().AllocateShard(RegionB, NodeId(B, 99), Allocations(a: 0, b: 0, c: 1)));
    }

    [Fact]
    public async Task A_node_up_without_its_region_yet_is_waited_for_then_given_up()
    {
        var strategy = Strategy();
        var withoutB = ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty
            .Add(LocalA, Shards("a", 3)).Add(RegionC, Shards("c", 1));

        for (int i = 0; i < NodeShardAllocationStrategy.MaxDeferrals; i++)
        {
            var deferred = strategy.AllocateShard(LocalA, NodeId(B, 2), withoutB);
            await Assert.ThrowsAsync<NodeShardAllocationStrategy.RegionNotYetRegistered>(() => deferred);
        }
        Assert.Same(RegionC, await strategy.AllocateShard(LocalA, NodeId(B, 2), withoutB));
    }

    [Fact]
    public async Task Shards_that_name_no_node_go_to_the_least_loaded_region_ties_by_address()
    {
        var strategy = Strategy();
        Assert.Same(RegionB, await strategy.AllocateShard(LocalA, TrialMessageExtractor.Unplaced, Allocations(a: 1, b: 0, c: 0)));
        Assert.Same(LocalA, await strategy.AllocateShard(LocalA, "not a node", Allocations()));
    }

    [Fact]
    public async Task Shards_are_never_rebalanced()
    {
        var moved = await Strategy().Rebalance(Allocations(a: 10), ImmutableHashSet<string>.Empty);
        Assert.Empty(moved);
    }
}
