using Akka.Actor;
using Hpo.Engine.Data;
using Hpo.Node.Hosting;
using Hpo.Protocol;
using Hpo.Worker.Datasets;

namespace Hpo.Worker.Cluster;

/// <summary>
/// Fetches an uploaded dataset from the coordinators' <see cref="DatasetServer"/>s over the cluster (so a worker needs
/// no access to the coordinator's database), oldest coordinator first, through a <see cref="ChunkedDownload"/>.
/// </summary>
public sealed class ClusterDatasetSource(ActorSystem system, TimeSpan? chunkTimeout = null) : IDatasetSource
{
    /// <summary>How long one chunk may take to come.</summary>
    public static readonly TimeSpan DefaultChunkTimeout = TimeSpan.FromSeconds(30);

    private readonly TimeSpan _timeout = chunkTimeout ?? DefaultChunkTimeout;

    public async Task<long> CopyToAsync(DatasetId id, Stream destination, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var coordinators = Coordinators();
        if (coordinators.Count == 0) throw new DatasetUnavailableException(id, "no coordinator is up in the cluster");
        long start = destination.Position;
        DatasetMissingException? missing = null;
        DatasetUnavailableException? unavailable = null;
        foreach (var coordinator in coordinators)
        {
            var server = system.ActorSelection(new RootActorPath(coordinator) / "user" / DatasetServer.Name);
            try
            {
                return await ChunkedDownload.CopyAsync(id, (index, c) => AskAsync(server, id, index, c), destination, cancellation)
                    .ConfigureAwait(false);
            }
            catch (DatasetMissingException e)
            {
                missing = e;
            }
            catch (DatasetUnavailableException e)
            {
                unavailable = e;
            }
            destination.SetLength(start);
            destination.Position = start;
        }
        // Missing only when every coordinator said so; one that did not answer might have it.
        throw (Exception?)unavailable ?? missing!;
    }

    /// <summary>The addresses of the coordinators that are up, oldest first.</summary>
    private List<Address> Coordinators() =>
        Akka.Cluster.Cluster.Get(system).State.Members
            .Where(m => m.Status == Akka.Cluster.MemberStatus.Up && m.HasRole(HpoRoles.Coordinator))
            .OrderBy(m => m, Akka.Cluster.Member.AgeOrdering)
            .Select(m => m.Address)
            .ToList();

    private async Task<IProtocolMessage> AskAsync(ActorSelection server, DatasetId id, int index, CancellationToken cancellation)
    {
        try
        {
            return await server.Ask<IProtocolMessage>(new FetchDatasetChunk(id.ToString(), index), _timeout, cancellation).ConfigureAwait(false);
        }
        catch (AskTimeoutException e)
        {
            throw new DatasetUnavailableException(id, $"{server.Anchor.Path.Address} did not answer for chunk {index} within {_timeout.TotalSeconds:0} s", e);
        }
    }
}
