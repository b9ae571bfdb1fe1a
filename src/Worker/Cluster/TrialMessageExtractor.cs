using Akka.Cluster.Sharding;
using Hpo.Protocol;

namespace Hpo.Worker.Cluster;

/// <summary>
/// Routes trial messages: the entity is the trial (<c>{sweepId}:{trialId}</c>), the shard is the node the
/// coordinator chose (<see cref="ITrialMessage.Node"/>), which <see cref="NodeShardAllocationStrategy"/> places
/// on that node. Akka.NET 1.5 handles <see cref="ShardRegion.StartEntity"/> itself (analyzer AK2001 forbids
/// matching it here): it asks <see cref="ShardId(string, object?)"/> with the entity id alone. A StartEntity (sent
/// only by remember-entities, which the trial region does not use) names no node, so it goes to the
/// <see cref="Unplaced"/> shard, wherever the strategy puts it.
/// </summary>
public sealed class TrialMessageExtractor : IMessageExtractor
{
    /// <summary>The shard of messages that name no node.</summary>
    public const string Unplaced = "unplaced";

    public static string EntityIdOf(string sweepId, int trialId) => $"{sweepId}:{trialId}";

    public string? EntityId(object message) => message switch
    {
        ITrialMessage m => EntityIdOf(m.SweepId, m.TrialId),
        _ => null,
    };

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => message switch
    {
        ITrialMessage m => string.IsNullOrEmpty(m.Node) ? Unplaced : m.Node,
        _ => null,
    };

    public string ShardId(string entityId, object? messageHint = null) =>
        messageHint is not null && ShardId(messageHint) is { } shard ? shard : Unplaced;
}
