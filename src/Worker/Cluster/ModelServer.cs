using Akka.Actor;
using Hpo.Protocol;
using Hpo.Worker.Checkpoints;

namespace Hpo.Worker.Cluster;

/// <summary>
/// Serves the models this node stored (at <c>/user/hpo-models</c> on every worker): a <see cref="FetchModel"/> is
/// answered with the checkpoint's bytes in <see cref="ModelPart"/>s of at most <see cref="PartBytes"/> each, or
/// <see cref="ModelMissing"/>. With checkpoints in each node's own directory, this is how the coordinator gets the
/// best model from the node that trained it.
/// </summary>
public sealed class ModelServer : ReceiveActor
{
    public const string Name = "hpo-models";

    /// <summary>Bytes per part: base64 in the protocol's JSON, well under the remoting's default frame of 128,000 bytes.</summary>
    public const int PartBytes = 64 * 1024;

    public ModelServer(ICheckpointStore store)
    {
        ReceiveAsync<FetchModel>(async fetch =>
        {
            var asker = Sender;
            StoredCheckpoint? stored;
            try
            {
                stored = await store.LoadAsync(new CheckpointKey(fetch.SweepId, fetch.TrialId)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.Data.Common.DbException)
            {
                asker.Tell(new ModelMissing(fetch.SweepId, fetch.TrialId, $"cannot read it: {e.Message}"));
                return;
            }
            if (stored is null)
            {
                asker.Tell(new ModelMissing(fetch.SweepId, fetch.TrialId, "not stored on this node"));
                return;
            }
            foreach (var part in Split(fetch, stored)) asker.Tell(part);
        });
    }

    public static Props Props(ICheckpointStore store) => Akka.Actor.Props.Create(() => new ModelServer(store));

    /// <summary>The parts of a stored model, in order (one empty part for an empty model).</summary>
    public static IEnumerable<ModelPart> Split(FetchModel fetch, StoredCheckpoint stored)
    {
        int count = Math.Max(1, (stored.Data.Length + PartBytes - 1) / PartBytes);
        for (int i = 0; i < count; i++)
        {
            int start = i * PartBytes, length = Math.Min(PartBytes, stored.Data.Length - start);
            yield return new ModelPart(fetch.SweepId, fetch.TrialId, stored.Epoch, i, count, stored.Data.AsSpan(start, Math.Max(0, length)).ToArray());
        }
    }
}
