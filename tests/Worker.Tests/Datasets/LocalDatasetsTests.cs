using Hpo.Engine.Data;
using Hpo.Worker.Datasets;

namespace Hpo.Worker.Tests.Datasets;

public sealed class LocalDatasetsTests : IDisposable
{
    private static readonly byte[] Csv = "x,y\n1,0\n2,1\n3,0\n4,1\n"u8.ToArray();
    private static readonly DatasetId Id = DatasetId.Of(Csv);
    private readonly string _root = Directory.CreateTempSubdirectory("hpo-local-datasets-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Answers with fixed bytes once <see cref="Release"/> is set, counting calls; or throws.</summary>
    private sealed class FakeSource(byte[] bytes, Exception? failure = null) : IDatasetSource
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Calls;

        public async Task<long> CopyToAsync(DatasetId id, Stream destination, CancellationToken cancellation = default)
        {
            Interlocked.Increment(ref Calls);
            await Release.Task;
            if (failure is not null) throw failure;
            await destination.WriteAsync(bytes, cancellation);
            return bytes.Length;
        }
    }

    private sealed class Observer : IDatasetFetchObserver
    {
        public List<(DatasetId Id, long Bytes)> Seen { get; } = [];
        public void Fetched(DatasetId id, long bytes, TimeSpan took) => Seen.Add((id, bytes));
    }

    [Fact]
    public async Task Trials_asking_at_once_fetch_once_and_the_next_ask_reads_the_cache()
    {
        var source = new FakeSource(Csv);
        var observer = new Observer();
        var local = LocalDatasets.Under(_root, source, observer: observer);

        var asks = Enumerable.Range(0, 8).Select(_ => local.GetAsync(Id)).ToList();
        await Task.Delay(50);
        source.Release.SetResult();
        var paths = await Task.WhenAll(asks);

        Assert.All(paths, p => Assert.Equal(Path.Combine(_root, "datasets", Id.FileName), p));
        Assert.Equal(Csv, await File.ReadAllBytesAsync(paths[0]));
        Assert.Equal(1, source.Calls);
        Assert.Equal([(Id, (long)Csv.Length)], observer.Seen);

        Assert.Equal(paths[0], await local.GetAsync(Id));
        Assert.Equal(1, source.Calls);
        Assert.Equal((1, Csv.Length), (local.Fetches, local.FetchedBytes));
        Assert.Equal([Id.FileName], Directory.GetFiles(local.Directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Bytes_that_do_not_hash_to_the_id_are_refused_and_leave_nothing_behind()
    {
        var source = new FakeSource("x,y\n1,0\n"u8.ToArray());
        source.Release.SetResult();
        var local = LocalDatasets.Under(_root, source);

        var error = await Assert.ThrowsAsync<DatasetCorruptException>(() => local.GetAsync(Id));

        Assert.Contains($"dataset {Id} was refused: its 8 bytes hash to sha256:", error.Message);
        Assert.Empty(Directory.GetFiles(local.Directory));
        Assert.Equal(0, local.Fetches);
    }

    [Fact]
    public async Task A_failed_fetch_is_tried_again_by_the_next_ask()
    {
        var failing = new FakeSource(Csv, new DatasetUnavailableException(Id, "no coordinator is up in the cluster"));
        failing.Release.SetResult();
        var local = LocalDatasets.Under(_root, failing);
        await Assert.ThrowsAsync<DatasetUnavailableException>(() => local.GetAsync(Id));
        await Assert.ThrowsAsync<DatasetUnavailableException>(() => local.GetAsync(Id));

        Assert.Equal(2, failing.Calls);
    }

    [Fact]
    public void Options_naming_a_dataset_resolve_to_its_local_file_and_a_path_stays_as_it_is()
    {
        var source = new FakeSource(Csv);
        source.Release.SetResult();
        var local = LocalDatasets.Under(_root, source);

        Assert.Equal(local.PathOf(Id), local.Resolve(new DataOptions { Csv = Id.ToString(), Target = "y" }).Csv);
        Assert.Equal("data/iris.csv", local.Resolve(new DataOptions { Csv = "data/iris.csv" }).Csv);
        Assert.Equal("digits", local.Resolve(new DataOptions { Dataset = "digits" }).Dataset);
        var error = Assert.Throws<DataException>(() => local.Resolve(new DataOptions { Csv = "sha256:12" }));
        Assert.Contains("'sha256:12' is not a dataset id", error.Message);
    }
}
