using Hpo.Engine.Data;
using Hpo.Protocol;

namespace Hpo.Worker.Datasets;

/// <summary>
/// A dataset read straight from the store, chunk by chunk through the same checks a worker's fetch makes: how a
/// coordinator, which holds the store, makes its own copy to check a sweep's data.
/// </summary>
public sealed class StoredDatasetSource(IDatasetStore store) : IDatasetSource
{
    private readonly DatasetChunkReader _reader = new(store);

    public Task<long> CopyToAsync(DatasetId id, Stream destination, CancellationToken cancellation = default) =>
        ChunkedDownload.CopyAsync(id, (index, c) => _reader.AnswerAsync(new FetchDatasetChunk(id.ToString(), index), c), destination, cancellation);
}
