using System.Collections.Concurrent;
using System.Data.Common;
using Hpo.Engine.Data;
using Hpo.Node.Storage;
using Hpo.Protocol;

namespace Hpo.Worker.Datasets;

/// <summary>
/// Answers a <see cref="FetchDatasetChunk"/> from the store: the chunk, or <see cref="DatasetMissing"/> with why. What the
/// coordinator's dataset server does, without the actor. Stored datasets never change, so their sizes are remembered.
/// </summary>
public sealed class DatasetChunkReader(IDatasetStore store)
{
    /// <summary>Sizes remembered at most; past it the memory starts again.</summary>
    private const int MaxRemembered = 1024;

    private readonly ConcurrentDictionary<DatasetId, StoredDataset> _stored = new();

    public async Task<IProtocolMessage> AnswerAsync(FetchDatasetChunk fetch, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        if (!DatasetId.TryParse(fetch.Dataset, out var id))
            return new DatasetMissing(fetch.Dataset, $"'{fetch.Dataset}' is not a dataset id ({DatasetId.Syntax})");
        try
        {
            if (!_stored.TryGetValue(id, out var stored))
            {
                stored = await store.FindAsync(id, cancellation).ConfigureAwait(false);
                if (stored is null)
                    return new DatasetMissing(fetch.Dataset, "the coordinator does not store it; upload it with POST /datasets or hpo submit");
                if (_stored.Count >= MaxRemembered) _stored.Clear();
                _stored[id] = stored;
            }
            if (fetch.Index < 0 || fetch.Index >= stored.Chunks)
                return new DatasetMissing(fetch.Dataset, $"it has no chunk {fetch.Index} (it has {stored.Chunks})");
            var data = await store.ReadChunkAsync(id, fetch.Index, cancellation).ConfigureAwait(false);
            return data is null
                ? new DatasetMissing(fetch.Dataset, $"its chunk {fetch.Index} is not in the store")
                : new DatasetChunk(id.ToString(), fetch.Index, stored.Chunks, stored.Bytes, data);
        }
        catch (Exception e) when (e is DbException or StorageUnavailableException or IOException or InvalidOperationException)
        {
            return new DatasetMissing(fetch.Dataset, $"the coordinator cannot read it: {e.Message}", Retryable: true);
        }
    }
}
