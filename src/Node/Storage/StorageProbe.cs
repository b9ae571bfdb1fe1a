using Microsoft.Data.Sqlite;
using Npgsql;

namespace Hpo.Node.Storage;

/// <summary>Checks, before anything starts, that a database can be opened; the journal and the SQL checkpoint store both use it.</summary>
public static class StorageProbe
{
    /// <summary>Opens <paramref name="connectionString"/> and runs one statement; throws <see cref="StorageUnavailableException"/> with one clear line.</summary>
    public static async Task CheckAsync(StorageProvider provider, string connectionString, TimeSpan timeout, CancellationToken cancellation = default)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timer.CancelAfter(timeout);
        try
        {
            if (provider == StorageProvider.PostgreSql)
            {
                var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)) };
                await using var connection = new NpgsqlConnection(builder.ToString());
                await connection.OpenAsync(timer.Token).ConfigureAwait(false);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(timer.Token).ConfigureAwait(false);
            }
            else
            {
                var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
                var directory = Path.GetDirectoryName(Path.GetFullPath(file));
                if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
                await using var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync(timer.Token).ConfigureAwait(false);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode=WAL;";
                await command.ExecuteScalarAsync(timer.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            throw new StorageUnavailableException($"cannot open the database ({StorageOptions.Describe(provider, connectionString)}): {Reason(e)}", e);
        }
    }

    private static string Reason(Exception e) => e switch
    {
        OperationCanceledException => "no answer in time",
        NpgsqlException { InnerException: { } inner } when inner is not NpgsqlException => inner.Message,
        _ => e.Message,
    };
}
