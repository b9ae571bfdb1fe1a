using Akka.Actor;
using Hpo.Protocol;
using Hpo.Worker.Datasets;

namespace Hpo.Worker.Cluster;

/// <summary>
/// Serves uploaded datasets from the coordinator's store (at <c>/user/hpo-datasets</c> on every coordinator): each
/// <see cref="FetchDatasetChunk"/> is answered by a <see cref="DatasetChunkReader"/>, several at once.
/// </summary>
public sealed class DatasetServer : ReceiveActor
{
    public const string Name = "hpo-datasets";

    public DatasetServer(IDatasetStore store)
    {
        var reader = new DatasetChunkReader(store);
        Receive<FetchDatasetChunk>(fetch => reader.AnswerAsync(fetch).PipeTo(Sender));
    }

    public static Props Props(IDatasetStore store) => Akka.Actor.Props.Create(() => new DatasetServer(store));
}
