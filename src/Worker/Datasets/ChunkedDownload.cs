using Hpo.Engine.Data;
using Hpo.Protocol;

namespace Hpo.Worker.Datasets;

/// <summary>
/// Copies a dataset chunk by chunk from whatever answers <see cref="FetchDatasetChunk"/>: at most <see cref="Window"/>
/// chunks asked for at once, written in order, every answer checked against the first (same dataset, same size, the
/// index asked for, full chunks but the last, within <see cref="DatasetLimits"/>), so a bad or hostile answer is one
/// <see cref="DatasetCorruptException"/> and never an unbounded write.
/// </summary>
public static class ChunkedDownload
{
    /// <summary>Chunks in flight at once: enough to keep a link busy, few enough that heartbeats still get through.</summary>
    public const int Window = 4;

    /// <summary>Bytes written to <paramref name="destination"/>.</summary>
    public static async Task<long> CopyAsync(DatasetId id, Func<int, CancellationToken, Task<IProtocolMessage>> fetch, Stream destination,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(destination);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var pending = new Queue<Task<IProtocolMessage>>();
        try
        {
            var first = Check(id, await fetch(0, stop.Token).ConfigureAwait(false), 0, null);
            int next = 1;
            void Refill()
            {
                while (next < first.Count && pending.Count < Window - 1) pending.Enqueue(fetch(next++, stop.Token));
            }
            Refill();
            await destination.WriteAsync(first.Data, stop.Token).ConfigureAwait(false);
            long written = first.Data.Length;
            for (int index = 1; index < first.Count; index++)
            {
                var chunk = Check(id, await pending.Dequeue().ConfigureAwait(false), index, first);
                Refill();
                await destination.WriteAsync(chunk.Data, stop.Token).ConfigureAwait(false);
                written += chunk.Data.Length;
            }
            return written;
        }
        finally
        {
            // A failed copy leaves no request running: the ones in flight are cancelled and their outcome ignored.
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var left in pending) _ = left.ContinueWith(t => t.Exception, TaskScheduler.Default);
        }
    }

    /// <summary>The answer as chunk <paramref name="index"/> of <paramref name="id"/>, consistent with <paramref name="first"/>.</summary>
    public static DatasetChunk Check(DatasetId id, IProtocolMessage answer, int index, DatasetChunk? first)
    {
        if (answer is DatasetMissing { Retryable: true } unreadable) throw new DatasetUnavailableException(id, unreadable.Reason);
        if (answer is DatasetMissing missing) throw new DatasetMissingException(id, missing.Reason);
        if (answer is not DatasetChunk chunk) throw new DatasetCorruptException(id, $"the coordinator answered {answer.GetType().Name} to a chunk request");
        string? problem = null;
        if (chunk.Dataset != id.ToString()) problem = $"chunk {index} answered for another dataset ({chunk.Dataset})";
        else if (chunk.Index != index) problem = $"chunk {chunk.Index} came when chunk {index} was asked for";
        else if (chunk.Bytes is < 1 or > DatasetLimits.MaxBytes) problem = $"a size of {chunk.Bytes:N0} bytes (1 to {DatasetLimits.MaxBytes:N0} allowed)";
        else if (chunk.Count != DatasetLimits.ChunksOf(chunk.Bytes)) problem = $"{chunk.Count} chunks for {chunk.Bytes:N0} bytes";
        else if (first is not null && (chunk.Count != first.Count || chunk.Bytes != first.Bytes)) problem = $"chunk {index} describes another size than chunk 0";
        else if (chunk.Data.Length != ExpectedLength(chunk)) problem = $"chunk {index} holds {chunk.Data.Length:N0} bytes, not {ExpectedLength(chunk):N0}";
        return problem is null ? chunk : throw new DatasetCorruptException(id, problem);
    }

    private static long ExpectedLength(DatasetChunk chunk) =>
        chunk.Index < chunk.Count - 1 ? DatasetLimits.ChunkBytes : chunk.Bytes - (long)(chunk.Count - 1) * DatasetLimits.ChunkBytes;
}
