using Hpo.Worker.Checkpoints;

namespace Hpo.Worker.Tests.Checkpoints;

public sealed class DirectoryCheckpointStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hpo-store-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_trial_without_a_checkpoint_loads_null()
    {
        var store = new DirectoryCheckpointStore(_root);
        Assert.Null(await store.LoadAsync(new CheckpointKey("sweep", 3)));
    }

    [Fact]
    public async Task A_save_is_loaded_back_and_the_next_save_replaces_it()
    {
        var store = new DirectoryCheckpointStore(_root);
        var key = new CheckpointKey("sweep", 3);
        await store.SaveAsync(key, 4, new byte[] { 1, 2, 3 });
        await store.SaveAsync(new CheckpointKey("sweep", 4), 9, new byte[] { 9 });

        var first = await store.LoadAsync(key);
        await store.SaveAsync(key, 8, new byte[] { 7, 6 });
        var second = await new DirectoryCheckpointStore(_root).LoadAsync(key);

        Assert.Equal(4, first!.Epoch);
        Assert.Equal(new byte[] { 1, 2, 3 }, first.Data);
        Assert.Equal(8, second!.Epoch);
        Assert.Equal(new byte[] { 7, 6 }, second.Data);
        Assert.Equal(9, (await store.LoadAsync(new CheckpointKey("sweep", 4)))!.Epoch);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_root, "sweep")).Length); // one file per trial, no temporaries left
    }

    [Fact]
    public async Task Delete_forgets_the_checkpoint()
    {
        var store = new DirectoryCheckpointStore(_root);
        var key = new CheckpointKey("sweep", 1);
        await store.SaveAsync(key, 1, new byte[] { 1 });
        await store.DeleteAsync(key);
        await store.DeleteAsync(key);
        Assert.Null(await store.LoadAsync(key));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/etc")]
    [InlineData("..")]
    [InlineData("a/b\\c")]
    public async Task No_sweep_id_leaves_the_root(string sweep)
    {
        var store = new DirectoryCheckpointStore(_root);
        var path = store.PathOf(new CheckpointKey(sweep, 1));

        Assert.StartsWith(_root + Path.DirectorySeparatorChar, Path.GetFullPath(path));
        Assert.Equal(_root, Path.GetDirectoryName(Path.GetDirectoryName(path)));
        await store.SaveAsync(new CheckpointKey(sweep, 1), 2, new byte[] { 5 });
        Assert.Equal(2, (await store.LoadAsync(new CheckpointKey(sweep, 1)))!.Epoch);
    }

    [Fact]
    public void Escaping_keeps_distinct_ids_distinct()
    {
        Assert.Equal("sweep-1_a", DirectoryCheckpointStore.Escape("sweep-1_a"));
        Assert.NotEqual(DirectoryCheckpointStore.Escape("a.b"), DirectoryCheckpointStore.Escape("a%2Eb"));
    }

    [Fact]
    public async Task A_file_that_is_not_a_checkpoint_is_an_error()
    {
        var store = new DirectoryCheckpointStore(_root);
        var key = new CheckpointKey("sweep", 2);
        Directory.CreateDirectory(Path.GetDirectoryName(store.PathOf(key))!);
        await File.WriteAllTextAsync(store.PathOf(key), "hello");

        await Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync(key));
    }
}
