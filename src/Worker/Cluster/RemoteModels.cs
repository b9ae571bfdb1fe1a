using Akka.Actor;
using Hpo.Protocol;
using Hpo.Worker.Checkpoints;

namespace Hpo.Worker.Cluster;

/// <summary>Fetches a stored model from another node's <see cref="ModelServer"/>.</summary>
public static class RemoteModels
{
    /// <summary>
    /// The model <paramref name="key"/> as stored on <paramref name="node"/> (a worker node id), or null when that node
    /// does not have it, cannot be parsed, or does not answer within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<StoredCheckpoint?> FetchAsync(ActorSystem system, string node, CheckpointKey key, TimeSpan timeout,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (!WorkerNode.TryParse(node, out var address, out _)) return null;
        var answer = new TaskCompletionSource<StoredCheckpoint?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var collector = system.ActorOf(Props.Create(() => new Collector(answer, timeout)));
        system.ActorSelection(new RootActorPath(address) / "user" / ModelServer.Name).Tell(new FetchModel(key.SweepId, key.TrialId), collector);
        await using (cancellation.Register(() => answer.TrySetCanceled(cancellation)).ConfigureAwait(false))
        {
            try
            {
                return await answer.Task.ConfigureAwait(false);
            }
            finally
            {
                system.Stop(collector);
            }
        }
    }

    /// <summary>Gathers the parts of one answer; gives up (null) on <see cref="ModelMissing"/> or silence.</summary>
    private sealed class Collector : ReceiveActor
    {
        private byte[][]? _parts;
        private int _received;

        public Collector(TaskCompletionSource<StoredCheckpoint?> answer, TimeSpan timeout)
        {
            Context.SetReceiveTimeout(timeout);
            Receive<ModelPart>(part =>
            {
                _parts ??= new byte[part.Count][];
                if (part.Index < 0 || part.Index >= _parts.Length || _parts[part.Index] is not null) return;
                _parts[part.Index] = part.Data;
                if (++_received < _parts.Length) return;
                answer.TrySetResult(new StoredCheckpoint(part.Epoch, _parts.SelectMany(p => p).ToArray()));
                Context.Stop(Self);
            });
            Receive<ModelMissing>(_ =>
            {
                answer.TrySetResult(null);
                Context.Stop(Self);
            });
            Receive<ReceiveTimeout>(_ =>
            {
                answer.TrySetResult(null);
                Context.Stop(Self);
            });
        }
    }
}
