using Hpo.Engine.Data;
using Hpo.Node.Storage;
using Hpo.Worker.Datasets;
using Microsoft.Data.Sqlite;

namespace Hpo.Worker.Tests.Datasets;

/// <summary>The dataset store on SQLite (the embedded journal's database): chunks, completeness, idempotence.</summary>
public sealed class SqlDatasetStoreTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("hpo-datasets-").FullName;
    private SqlDatasetStore _store = null!;

    private string Database => Path.Combine(_root, "db", "journal.db");

    public ValueTask InitializeAsync()
    {
        _store = new SqlDatasetStore(StorageProvider.Sqlite, $"Data Source={Database}");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private string FileOf(byte[] bytes)
    {
        var file = Path.Combine(_root, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllBytes(file, bytes);
        return file;
    }

    /// <summary>Bytes that differ from chunk to chunk, so a chunk read in the wrong place shows.</summary>
    private static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7 + i / 65536)).ToArray();

    [Fact]
    public async Task A_dataset_is_stored_in_chunks_that_read_back_as_its_bytes()
    {
        var bytes = Pattern(2 * DatasetLimits.ChunkBytes + 1234);
        var id = DatasetId.Of(bytes);

        var stored = await _store.AddAsync(id, FileOf(bytes));

        Assert.Equal(new StoredDataset(id, bytes.Length, 3, stored.StoredAt), stored);
        var back = new List<byte>();
        for (int i = 0; i < stored.Chunks; i++) back.AddRange((await _store.ReadChunkAsync(id, i))!);
        Assert.Equal(bytes, back.ToArray());
        Assert.Null(await _store.ReadChunkAsync(id, 3));
        Assert.Equal(stored, await _store.FindAsync(id));
    }

    [Fact]
    public async Task Storing_the_same_bytes_again_changes_nothing()
    {
        var bytes = Pattern(1000);
        var id = DatasetId.Of(bytes);
        var first = await _store.AddAsync(id, FileOf(bytes));
        await Task.Delay(20);

        var second = await _store.AddAsync(id, FileOf(bytes));

        Assert.Equal(first, second);
        Assert.Single(await _store.ListAsync());
    }

    [Fact]
    public async Task Datasets_are_listed_oldest_first_and_an_unknown_one_is_not_found()
    {
        byte[] a = Pattern(10), b = Pattern(20);
        await _store.AddAsync(DatasetId.Of(a), FileOf(a));
        await Task.Delay(20);
        await _store.AddAsync(DatasetId.Of(b), FileOf(b));

        Assert.Equal([DatasetId.Of(a), DatasetId.Of(b)], (await _store.ListAsync()).Select(d => d.Id));
        Assert.Null(await _store.FindAsync(DatasetId.Of(Pattern(30))));
    }

    [Fact]
    public async Task Chunks_of_an_upload_that_did_not_finish_are_no_dataset_and_a_new_upload_completes_it()
    {
        var bytes = Pattern(DatasetLimits.ChunkBytes + 5);
        var id = DatasetId.Of(bytes);
        await _store.InitializeAsync();
        await using (var connection = new SqliteConnection($"Data Source={Database}"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO {SqlDatasetStore.ChunkTable} (id, chunk, data) VALUES ($id, 0, $data)";
            insert.Parameters.AddWithValue("$id", id.Hex);
            insert.Parameters.AddWithValue("$data", new byte[] { 1, 2, 3 });
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Null(await _store.FindAsync(id));
        Assert.Empty(await _store.ListAsync());

        await _store.AddAsync(id, FileOf(bytes));
        Assert.Equal(bytes.Take(DatasetLimits.ChunkBytes), (await _store.ReadChunkAsync(id, 0))!);
    }
}
