using Hpo.TestSupport;
using Npgsql;

namespace Hpo.Worker.Tests.TestSupport;

/// <summary>The shared PostgreSQL test server itself: it fails loudly without PostgreSQL and leaves nothing behind.</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public async Task Without_postgresql_binaries_starting_fails_with_what_to_install()
    {
        var empty = Directory.CreateTempSubdirectory("hpo-nopg-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<PostgresUnavailableException>(() => PostgresServer.StartAsync(empty));
            Assert.Contains($"no initdb and pg_ctl in {empty}", error.Message);
            Assert.Contains("apt-get install -y postgresql", error.Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task A_server_serves_its_role_and_databases_and_is_gone_after_dispose()
    {
        var server = await PostgresServer.StartAsync();
        string directory = server.Directory;
        int pid = server.Pid;
        try
        {
            Assert.True(Path.Combine(directory, $".s.PGSQL.{server.Port}").Length < 100, "the socket path is too long for PostgreSQL");
            Assert.Equal("hpo", await ScalarAsync(server.ConnectionString, "SELECT current_user"));
            var other = await server.CreateDatabaseAsync("second_db");
            Assert.Equal("second_db", await ScalarAsync(other, "SELECT current_database()"));
            Assert.True(Directory.Exists($"/proc/{pid}"));
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.False(Directory.Exists(directory));
        Assert.False(IsLive(pid), "the postmaster still runs after dispose");
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(server.ConnectionString, "SELECT 1"));
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static bool IsLive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 1)..].TrimStart();
            return state.Length > 0 && state[0] is not ('Z' or 'X') && File.ReadAllText($"/proc/{pid}/comm").Trim() == "postgres";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
