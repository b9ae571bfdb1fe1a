using Hpo.Engine.Data;
using Hpo.Protocol;
using Hpo.Worker.Datasets;

namespace Hpo.Worker.Tests.Datasets;

public sealed class ChunkedDownloadTests
{
    private static readonly byte[] Bytes = Enumerable.Range(0, 5 * DatasetLimits.ChunkBytes + 17).Select(i => (byte)(i % 251)).ToArray();
    private static readonly DatasetId Id = DatasetId.Of(Bytes);

    /// <summary>The chunk a faithful server answers.</summary>
    private static DatasetChunk Chunk(int index)
    {
        int count = DatasetLimits.ChunksOf(Bytes.Length);
        int start = index * DatasetLimits.ChunkBytes;
        return new DatasetChunk(Id.ToString(), index, count, Bytes.Length, Bytes[start..Math.Min(Bytes.Length, start + DatasetLimits.ChunkBytes)]);
    }

    [Fact]
    public async Task Chunks_answered_out_of_order_are_written_in_order_with_at_most_a_window_in_flight()
    {
        int inFlight = 0, most = 0;
        var asked = new List<int>();
        async Task<IProtocolMessage> Fetch(int index, CancellationToken _)
        {
            lock (asked) asked.Add(index);
            most = Math.Max(most, Interlocked.Increment(ref inFlight));
            await Task.Delay(index % 2 == 0 ? 30 : 1); // odd chunks come back first
            Interlocked.Decrement(ref inFlight);
            return Chunk(index);
        }
        using var output = new MemoryStream();

        var written = await ChunkedDownload.CopyAsync(Id, Fetch, output);

        Assert.Equal(Bytes.Length, written);
        Assert.Equal(Bytes, output.ToArray());
        Assert.Equal(Enumerable.Range(0, 6), asked.Order());
        Assert.InRange(most, 2, ChunkedDownload.Window);
    }

    [Fact]
    public async Task A_dataset_the_server_lacks_is_missing_with_its_reason()
    {
        var error = await Assert.ThrowsAsync<DatasetMissingException>(() => ChunkedDownload.CopyAsync(Id,
            (_, _) => Task.FromResult<IProtocolMessage>(new DatasetMissing(Id.ToString(), "the coordinator does not store it")), new MemoryStream()));

        Assert.Equal($"dataset {Id} cannot be fetched: the coordinator does not store it", error.Message);
    }

    [Fact]
    public async Task A_server_that_cannot_read_its_store_now_makes_the_dataset_unavailable_not_missing()
    {
        await Assert.ThrowsAsync<DatasetUnavailableException>(() => ChunkedDownload.CopyAsync(Id,
            (_, _) => Task.FromResult<IProtocolMessage>(new DatasetMissing(Id.ToString(), "database down", Retryable: true)), new MemoryStream()));
    }

    public static TheoryData<string, Func<int, DatasetChunk>> BadAnswers => new()
    {
        { "another dataset", i => Chunk(i) with { Dataset = DatasetId.Of([1]).ToString() } },
        { "the wrong index", i => i == 3 ? Chunk(4) : Chunk(i) },
        { "a short chunk", i => i == 2 ? Chunk(i) with { Data = new byte[10] } : Chunk(i) },
        { "a long last chunk", i => i == 5 ? Chunk(i) with { Data = new byte[DatasetLimits.ChunkBytes] } : Chunk(i) },
        { "a size past the limit", i => Chunk(i) with { Bytes = DatasetLimits.MaxBytes + 1, Count = DatasetLimits.MaxChunks + 1 } },
        { "a count that does not fit the size", i => Chunk(i) with { Count = 99 } },
        { "a size that changes", i => i == 4 ? Chunk(i) with { Bytes = Bytes.Length + 1 } : Chunk(i) },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task An_answer_that_does_not_fit_is_refused_as_corrupt(string what, Func<int, DatasetChunk> answer)
    {
        using var output = new MemoryStream();
        var error = await Assert.ThrowsAsync<DatasetCorruptException>(() =>
            ChunkedDownload.CopyAsync(Id, (i, _) => Task.FromResult<IProtocolMessage>(answer(i)), output));

        Assert.StartsWith($"dataset {Id} was refused: ", error.Message);
        Assert.True(output.Length <= Bytes.Length, what);
    }
}
