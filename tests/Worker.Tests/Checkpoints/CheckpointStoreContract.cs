using Hpo.Worker.Checkpoints;

namespace Hpo.Worker.Tests.Checkpoints;

/// <summary>
/// What every <see cref="ICheckpointStore"/> promises, run against each store (directory, SQLite, PostgreSQL):
/// each test gets empty storage of its own; <see cref="OpenStore"/> opens another store over that same storage, as
/// another worker of the cluster would.
/// </summary>
public abstract class CheckpointStoreContract : IAsyncDisposable
{
    private readonly List<ICheckpointStore> _opened = [];

    /// <summary>A new store over this test's storage.</summary>
    protected abstract ICheckpointStore CreateStore();

    /// <summary>Removes this test's storage (the stores are disposed already).</summary>
    protected abstract ValueTask CleanUpAsync();

    protected ICheckpointStore OpenStore()
    {
        var store = CreateStore();
        lock (_opened) _opened.Add(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _opened)
        {
            if (store is IAsyncDisposable disposable) await disposable.DisposeAsync();
        }
        await CleanUpAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_trial_without_a_checkpoint_loads_null()
    {
        var store = OpenStore();
        Assert.Null(await store.LoadAsync(new CheckpointKey("sweep", 3)));
        await store.SaveAsync(new CheckpointKey("sweep", 4), 1, Bytes(10, seed: 1));
        Assert.Null(await store.LoadAsync(new CheckpointKey("sweep", 3)));
        Assert.Null(await store.LoadAsync(new CheckpointKey("other", 4)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(70_001)]
    public async Task A_save_loads_back_byte_for_byte_from_another_store(int length)
    {
        var data = Bytes(length, seed: length);
        data.AsSpan(0, Math.Min(length, 8)).Clear(); // zero bytes inside are data too
        var key = new CheckpointKey("sweep-a", 7);

        await OpenStore().SaveAsync(key, 12, data);
        var loaded = await OpenStore().LoadAsync(key);

        Assert.NotNull(loaded);
        Assert.Equal(12, loaded.Epoch);
        Assert.Equal(data, loaded.Data);
    }

    [Fact]
    public async Task The_latest_save_of_a_trial_wins()
    {
        var store = OpenStore();
        var key = new CheckpointKey("sweep", 1);
        await store.SaveAsync(key, 2, Bytes(100, seed: 2));
        await store.SaveAsync(key, 5, Bytes(50, seed: 5));
        AssertHolds(5, Bytes(50, seed: 5), await OpenStore().LoadAsync(key));

        // a save replaces, whatever its epoch: the store keeps the last one, not the highest
        await store.SaveAsync(key, 3, Bytes(300, seed: 3));
        AssertHolds(3, Bytes(300, seed: 3), await store.LoadAsync(key));
    }

    [Fact]
    public async Task Trials_and_sweeps_are_kept_apart()
    {
        var store = OpenStore();
        await store.SaveAsync(new CheckpointKey("s1", 1), 1, Bytes(10, seed: 11));
        await store.SaveAsync(new CheckpointKey("s1", 2), 2, Bytes(10, seed: 12));
        await store.SaveAsync(new CheckpointKey("s2", 1), 3, Bytes(10, seed: 21));

        AssertHolds(1, Bytes(10, seed: 11), await store.LoadAsync(new CheckpointKey("s1", 1)));
        AssertHolds(2, Bytes(10, seed: 12), await store.LoadAsync(new CheckpointKey("s1", 2)));
        AssertHolds(3, Bytes(10, seed: 21), await store.LoadAsync(new CheckpointKey("s2", 1)));
    }

    [Fact]
    public async Task Delete_forgets_only_that_trial_and_deleting_nothing_is_fine()
    {
        var store = OpenStore();
        var key = new CheckpointKey("sweep", 1);
        await store.SaveAsync(key, 1, Bytes(5, seed: 1));
        await store.SaveAsync(new CheckpointKey("sweep", 2), 4, Bytes(5, seed: 2));

        await store.DeleteAsync(key);
        await store.DeleteAsync(key);
        await store.DeleteAsync(new CheckpointKey("never-saved", 9));

        Assert.Null(await OpenStore().LoadAsync(key));
        Assert.Equal(4, (await store.LoadAsync(new CheckpointKey("sweep", 2)))!.Epoch);
        await store.SaveAsync(key, 6, Bytes(3, seed: 6));
        AssertHolds(6, Bytes(3, seed: 6), await store.LoadAsync(key));
    }

    public static TheoryData<string, int> OddKeys() => new()
    {
        { "it's \"quoted\"; DROP TABLE hpo_checkpoints; --", 1 },
        { "../../etc/passwd", 2 },
        { "a/b\\c%2F%%", 3 },
        { "spaces and\ttabs\nand newlines", 4 },
        { "ünïcødé-λ-深度学习-🚀", 5 },
        { "sweep", -1 },
        { "sweep", int.MaxValue },
        { "sweep", int.MinValue },
        { ".", 0 },
        { new string('x', 200), 6 },
    };

    [Theory]
    [MemberData(nameof(OddKeys))]
    public async Task Odd_ids_are_stored_as_they_are(string sweep, int trial)
    {
        var store = OpenStore();
        var key = new CheckpointKey(sweep, trial);
        await store.SaveAsync(key, 9, Bytes(33, seed: trial));
        await store.SaveAsync(new CheckpointKey("sweep", 42), 1, Bytes(4, seed: 0));

        AssertHolds(9, Bytes(33, seed: trial), await OpenStore().LoadAsync(key));
        Assert.Null(await store.LoadAsync(new CheckpointKey(sweep + "x", trial)));
        await store.DeleteAsync(key);
        Assert.Null(await store.LoadAsync(key));
        Assert.NotNull(await store.LoadAsync(new CheckpointKey("sweep", 42)));
    }

    [Fact]
    public async Task Concurrent_saves_of_different_trials_all_land()
    {
        const int trials = 16, rounds = 4;
        var store = OpenStore();
        var other = OpenStore();
        await Task.WhenAll(Enumerable.Range(0, trials).Select(trial => Task.Run(async () =>
        {
            var mine = trial % 2 == 0 ? store : other;
            for (int epoch = 1; epoch <= rounds; epoch++)
                await mine.SaveAsync(new CheckpointKey("busy", trial), epoch, Bytes(4096 + trial, seed: trial * 100 + epoch));
        })));

        for (int trial = 0; trial < trials; trial++)
            AssertHolds(rounds, Bytes(4096 + trial, seed: trial * 100 + rounds), await store.LoadAsync(new CheckpointKey("busy", trial)));
    }

    [Fact]
    public async Task Concurrent_saves_of_one_trial_leave_one_whole_checkpoint()
    {
        var key = new CheckpointKey("race", 1);
        await Task.WhenAll(Enumerable.Range(1, 8).Select(epoch => Task.Run(() =>
            OpenStore().SaveAsync(key, epoch, Bytes(10_000 + epoch, seed: epoch)))));

        var (epoch, data) = Unpack(await OpenStore().LoadAsync(key));
        Assert.InRange(epoch, 1, 8);
        Assert.Equal(Bytes(10_000 + epoch, seed: epoch), data); // the bytes of the save whose epoch is stored, not a mixture
    }

    [Fact]
    public async Task A_20_megabyte_checkpoint_round_trips()
    {
        var data = Bytes(20 * 1024 * 1024, seed: 20);
        var key = new CheckpointKey("large", 1);

        await OpenStore().SaveAsync(key, 30, data);
        var loaded = await OpenStore().LoadAsync(key);

        Assert.NotNull(loaded);
        Assert.Equal(30, loaded.Epoch);
        Assert.Equal(data.Length, loaded.Data.Length);
        Assert.True(data.AsSpan().SequenceEqual(loaded.Data), "the 20 MB checkpoint came back different");
    }

    [Fact]
    public async Task A_negative_epoch_or_an_empty_sweep_id_is_refused()
    {
        var store = OpenStore();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.SaveAsync(new CheckpointKey("sweep", 1), -1, Bytes(1, seed: 1)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(new CheckpointKey("", 1), 1, Bytes(1, seed: 1)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.LoadAsync(new CheckpointKey("", 1)));
        Assert.Null(await store.LoadAsync(new CheckpointKey("sweep", 1)));
    }

    [Fact]
    public async Task A_save_of_a_slice_stores_only_the_slice()
    {
        var buffer = Bytes(100, seed: 4);
        var key = new CheckpointKey("slice", 1);
        await OpenStore().SaveAsync(key, 2, buffer.AsMemory(10, 50));
        AssertHolds(2, buffer[10..60], await OpenStore().LoadAsync(key));
    }

    protected static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static (int Epoch, byte[] Data) Unpack(StoredCheckpoint? checkpoint)
    {
        Assert.NotNull(checkpoint);
        return (checkpoint.Epoch, checkpoint.Data);
    }

    private static void AssertHolds(int epoch, byte[] data, StoredCheckpoint? checkpoint)
    {
        Assert.NotNull(checkpoint);
        Assert.Equal(epoch, checkpoint.Epoch);
        Assert.Equal(data, checkpoint.Data);
    }
}
