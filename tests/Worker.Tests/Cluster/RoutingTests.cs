using Akka.Actor;
using Akka.Cluster;
using Hpo.Protocol;
using Hpo.Worker.Cluster;

namespace Hpo.Worker.Tests.Cluster;

public sealed class RoutingTests
{
    private readonly TrialMessageExtractor _extractor = new();

    [Fact]
    public void The_entity_is_the_trial_and_the_shard_the_chosen_node()
    {
        var train = TestPlans.Rung(TestPlans.Moons(), 0, 3, sweep: "sw", trial: 4, node: "akka.tcp://hpo@h:1#5");
        var release = new ReleaseTrial("sw", 4, "akka.tcp://hpo@h:2#6");

        Assert.Equal("sw:4", _extractor.EntityId(train));
        Assert.Equal("sw:4", _extractor.EntityId(release));
        Assert.Equal("akka.tcp://hpo@h:1#5", _extractor.ShardId(train));
        Assert.Equal("akka.tcp://hpo@h:2#6", _extractor.ShardId(release));
        Assert.Same(train, _extractor.EntityMessage(train));
    }

    [Fact]
    public void Messages_that_name_no_node_go_to_the_unplaced_shard_and_others_are_not_routed()
    {
        Assert.Equal(TrialMessageExtractor.Unplaced, _extractor.ShardId(new ReleaseTrial("s", 1, "")));
        Assert.Equal(TrialMessageExtractor.Unplaced, _extractor.ShardId("s:1", null)); // how Akka asks for a StartEntity
        Assert.Null(_extractor.EntityId("hello"));
        Assert.Null(_extractor.ShardId((object)"hello"));
    }

    [Fact]
    public void Node_ids_carry_address_and_incarnation()
    {
        var node = new UniqueAddress(Address.Parse("akka.tcp://hpo@10.1.2.3:4053"), -17);
        var id = WorkerNode.Id(node);

        Assert.Equal("akka.tcp://hpo@10.1.2.3:4053#-17", id);
        Assert.True(WorkerNode.TryParse(id, out var address, out var uid));
        Assert.Equal((node.Address, -17), (address, uid));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("unplaced")]
    [InlineData("akka.tcp://hpo@10.1.2.3:4053")]
    [InlineData("akka.tcp://hpo@10.1.2.3:4053#x")]
    [InlineData("garbage#12")]
    public void Other_strings_are_not_node_ids(string? id) => Assert.False(WorkerNode.TryParse(id, out _, out _));
}
