using Hpo.Node.Storage;
using Hpo.TestSupport;
using Hpo.Worker.Checkpoints;
using Microsoft.Data.Sqlite;

namespace Hpo.Worker.Tests.Checkpoints;

/// <summary>The SQL store beyond the contract: its table, its start-up check and its messages (SQLite, and PostgreSQL that is not there).</summary>
public sealed class SqlCheckpointStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hpo-sql-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private string File(string name = "checkpoints.db") => $"Data Source={Path.Combine(_root, name)}";

    [Fact]
    public async Task An_unreachable_postgresql_is_one_clear_line_without_the_password()
    {
        int port = FreePort.Next(); // nothing listens there
        var connection = $"Host=127.0.0.1;Port={port};Username=hpo;Password=hunter2secret;Database=sweeps;Timeout=5";
        await using var store = new SqlCheckpointStore(StorageProvider.PostgreSql, connection);

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.InitializeAsync());

        Assert.StartsWith($"cannot use the checkpoint database (PostgreSQL 127.0.0.1:{port}/sweeps): ", error.Message);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2secret", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        // the first save meets the same error, not a raw driver exception
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.SaveAsync(new CheckpointKey("s", 1), 1, new byte[] { 1 }));
    }

    [Fact]
    public async Task The_table_is_created_on_first_use_with_one_row_per_trial()
    {
        await using (var store = new SqlCheckpointStore(StorageProvider.Sqlite, File("sub/dir/ckpt.db"), "my_checkpoints"))
        {
            for (int epoch = 1; epoch <= 3; epoch++) await store.SaveAsync(new CheckpointKey("sweep", 1), epoch, new byte[] { (byte)epoch });
            await store.SaveAsync(new CheckpointKey("sweep", 2), 7, new byte[] { 7 });
        }

        await using var connection = new SqliteConnection(File("sub/dir/ckpt.db"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sweep_id, trial_id, epoch, saved_at FROM my_checkpoints ORDER BY trial_id";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, long, long, string)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3)));

        Assert.Equal([("sweep", 1L, 3L), ("sweep", 2L, 7L)], rows.Select(r => (r.Item1, r.Item2, r.Item3)));
        Assert.All(rows, r => Assert.True(DateTimeOffset.TryParse(r.Item4, out _), $"saved_at '{r.Item4}' is not a time"));
    }

    [Fact]
    public async Task Several_workers_starting_at_once_on_a_new_file_all_get_the_table()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => new SqlCheckpointStore(StorageProvider.Sqlite, File())).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));
            await Task.WhenAll(stores.Select((s, i) => s.SaveAsync(new CheckpointKey("start", i), i, new byte[] { (byte)i })));
            for (int i = 0; i < stores.Count; i++) Assert.Equal(i, (await stores[0].LoadAsync(new CheckpointKey("start", i)))!.Epoch);
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_table_of_another_shape_is_named_in_the_error()
    {
        await using (var connection = new SqliteConnection(File()))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE hpo_checkpoints (id INTEGER PRIMARY KEY, payload BLOB)";
            await command.ExecuteNonQueryAsync();
        }
        await using var store = new SqlCheckpointStore(StorageProvider.Sqlite, File());

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.LoadAsync(new CheckpointKey("s", 1)));

        Assert.Contains("hpo_checkpoints that is not a checkpoint table", error.Message);
    }

    [Fact]
    public async Task A_sqlite_file_that_cannot_be_created_is_a_clear_error_and_a_later_try_starts_over()
    {
        var blocker = Path.Combine(_root, "blocker");
        await System.IO.File.WriteAllTextAsync(blocker, "a file where the store wants a directory");
        await using var store = new SqlCheckpointStore(StorageProvider.Sqlite, $"Data Source={Path.Combine(blocker, "ckpt.db")}");

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.InitializeAsync());
        Assert.StartsWith($"cannot use the checkpoint database (SQLite {Path.Combine(blocker, "ckpt.db")}): ", error.Message);

        System.IO.File.Delete(blocker);
        await store.SaveAsync(new CheckpointKey("s", 1), 2, new byte[] { 2 });
        Assert.Equal(2, (await store.LoadAsync(new CheckpointKey("s", 1)))!.Epoch);
    }

    [Fact]
    public async Task A_read_only_sqlite_file_that_is_missing_is_a_clear_error()
    {
        await using var store = new SqlCheckpointStore(StorageProvider.Sqlite, File("missing.db") + ";Mode=ReadOnly");
        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.InitializeAsync());
        Assert.Contains("missing.db", error.Message);
    }

    [Fact]
    public async Task A_sweep_id_with_a_nul_character_is_refused_before_the_database()
    {
        await using var store = new SqlCheckpointStore(StorageProvider.Sqlite, File());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(new CheckpointKey("a\0b", 1), 1, new byte[] { 1 }));
        Assert.Contains("NUL", error.Message);
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite, "Data Source=/srv/hpo/ckpt.db", null)]
    [InlineData(StorageProvider.Sqlite, "Data Source=:memory:", "in-memory")]
    [InlineData(StorageProvider.Sqlite, "Mode=Memory;Data Source=x", "in-memory")]
    [InlineData(StorageProvider.Sqlite, "Cache=Shared", "names no file")]
    [InlineData(StorageProvider.Sqlite, "Colour=blue;Data Source=x", "not a sqlite connection string")]
    [InlineData(StorageProvider.PostgreSql, "Host=db;Username=hpo;Password=p;Database=hpo", null)]
    [InlineData(StorageProvider.PostgreSql, "Username=hpo;Database=hpo", "names no host")]
    [InlineData(StorageProvider.PostgreSql, "Host=db;Colour=blue", "not a postgresql connection string")]
    [InlineData(StorageProvider.PostgreSql, "  ", "empty")]
    public void Connection_strings_are_checked_before_use(StorageProvider provider, string connection, string? problem)
    {
        var found = StorageOptions.CheckConnectionString(provider, connection);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.NotNull(found);
            Assert.Contains(problem, found);
            Assert.Throws<ArgumentException>(() => new SqlCheckpointStore(provider, connection));
        }
    }

    [Theory]
    [InlineData("hpo_checkpoints", true)]
    [InlineData("_t2", true)]
    [InlineData("Checkpoints", false)]
    [InlineData("2fast", false)]
    [InlineData("t; DROP TABLE x", false)]
    [InlineData("", false)]
    public void Table_names_are_plain_identifiers(string table, bool valid) =>
        Assert.Equal(valid, SqlCheckpointStore.CheckTable(table) is null);
}
