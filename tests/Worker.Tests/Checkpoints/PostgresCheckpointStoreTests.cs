using Hpo.Node.Storage;
using Hpo.Worker.Checkpoints;
using Npgsql;

namespace Hpo.Worker.Tests.Checkpoints;

/// <summary>The SQL store on a real PostgreSQL server: table creation under concurrency, its shape, refused logins.</summary>
[Trait("Category", "Integration")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresCheckpointStoreTests(PostgresFixture postgres)
{
    private static string NewTable() => "t_" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Workers_starting_at_once_on_a_new_table_all_start()
    {
        for (int round = 0; round < 5; round++)
        {
            var table = NewTable();
            var stores = Enumerable.Range(0, 8)
                .Select(_ => new SqlCheckpointStore(StorageProvider.PostgreSql, postgres.Server.ConnectionString, table)).ToList();
            try
            {
                await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));
                await Task.WhenAll(stores.Select((s, i) => s.SaveAsync(new CheckpointKey("start", i), i, new byte[] { (byte)i })));
                Assert.Equal(8L, await ScalarAsync<long>($"SELECT count(*) FROM {table}"));
            }
            finally
            {
                foreach (var store in stores) await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_table_keeps_one_row_per_trial_with_its_time_and_stores_bytes_uncompressed()
    {
        var table = NewTable();
        await using var store = new SqlCheckpointStore(StorageProvider.PostgreSql, postgres.Server.ConnectionString, table);
        for (int epoch = 1; epoch <= 3; epoch++) await store.SaveAsync(new CheckpointKey("sweep", 5), epoch, new byte[] { (byte)epoch });

        Assert.Equal(1L, await ScalarAsync<long>($"SELECT count(*) FROM {table}"));
        Assert.Equal(3, await ScalarAsync<int>($"SELECT epoch FROM {table} WHERE sweep_id = 'sweep' AND trial_id = 5"));
        Assert.True(await ScalarAsync<bool>($"SELECT saved_at > now() - interval '1 day' FROM {table}"));
        Assert.Equal('e', await ScalarAsync<char>(
            $"SELECT attstorage FROM pg_attribute WHERE attrelid = '{table}'::regclass AND attname = 'data'"));
    }

    [Fact]
    public async Task A_wrong_password_is_one_clear_line_without_the_password()
    {
        var connection = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { Password = "not-the-password" }.ConnectionString;
        await using var store = new SqlCheckpointStore(StorageProvider.PostgreSql, connection);

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.InitializeAsync());

        Assert.StartsWith($"cannot use the checkpoint database (PostgreSQL 127.0.0.1:{postgres.Server.Port}/hpo): ", error.Message);
        Assert.Contains("password authentication failed", error.Message);
        Assert.DoesNotContain("not-the-password", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_table_of_another_shape_is_named_in_the_error()
    {
        var table = NewTable();
        await ExecuteAsync($"CREATE TABLE {table} (id integer PRIMARY KEY, payload bytea)");
        await using var store = new SqlCheckpointStore(StorageProvider.PostgreSql, postgres.Server.ConnectionString, table);

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.InitializeAsync());

        Assert.Contains($"{table} that is not a checkpoint table", error.Message);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
