using Hpo.Engine.Data;
using Hpo.Worker.Training;

namespace Hpo.Worker.Tests.Training;

public sealed class DatasetCacheTests
{
    private static DataSplit Load(DataOptions options) => DataLoader.LoadSplit(options);

    [Fact]
    public async Task Concurrent_requests_for_one_dataset_load_it_once()
    {
        int loads = 0;
        using var loading = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var cache = new DatasetCache(o =>
        {
            Interlocked.Increment(ref loads);
            loading.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return Load(o);
        });
        var options = new DataOptions { Dataset = "moons", Samples = 100 };
        using var start = new Barrier(16);
        var callers = Enumerable.Range(0, 16)
            .Select(_ => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                return cache.Get(options with { });
            }, TaskCreationOptions.LongRunning))
            .ToArray();
        Assert.True(loading.Wait(TimeSpan.FromSeconds(30)));
        release.Set();
        var splits = await Task.WhenAll(callers);

        Assert.Equal(1, loads);
        Assert.Equal(1, cache.Loads);
        Assert.All(splits, s => Assert.Same(splits[0], s));
    }

    [Fact]
    public void Distinct_options_are_distinct_entries_and_the_least_recently_used_goes_first()
    {
        var cache = new DatasetCache(Load, capacity: 2);
        var a = new DataOptions { Dataset = "moons", Samples = 60 };
        var b = a with { DataSeed = 2 };
        var c = a with { SplitSeed = 3 };

        var first = cache.Get(a);
        cache.Get(b);
        Assert.Same(first, cache.Get(a)); // a is now the most recent
        cache.Get(c);                     // b goes

        Assert.Equal(2, cache.Count);
        Assert.Equal(3, cache.Loads);
        Assert.Same(first, cache.Get(a));
        cache.Get(b);
        Assert.Equal(4, cache.Loads);
    }

    [Fact]
    public void A_failed_load_is_not_kept()
    {
        int calls = 0;
        var cache = new DatasetCache(o => ++calls == 1 ? throw new DataException("not yet") : Load(o));
        var options = new DataOptions { Dataset = "moons", Samples = 50 };

        Assert.Throws<DataException>(() => cache.Get(options));
        Assert.Equal(0, cache.Count);
        Assert.NotNull(cache.Get(options));
        Assert.Equal(2, calls);
    }

    [Fact]
    public void Relative_csv_paths_resolve_against_the_data_directory()
    {
        var dir = Directory.CreateTempSubdirectory("hpo-cache-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "tiny.csv"),
                "a,b,y\n" + string.Join("\n", Enumerable.Range(0, 20).Select(i => $"{i},{i % 3},{i % 2}")) + "\n");
            var cache = new DatasetCache(dir);
            var split = cache.Get(new DataOptions { Csv = "tiny.csv" });
            Assert.Equal(20, split.Train.Samples + split.Validation.Samples);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
