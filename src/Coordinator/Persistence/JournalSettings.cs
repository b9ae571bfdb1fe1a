using LinqToDB;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Hpo.Coordinator.Persistence;

/// <summary>
/// Where the coordinator's journal lives: a SQLite file under the data directory by default (embedded, nothing
/// to install), or PostgreSQL when a connection string is given. Tables are created on start.
/// </summary>
public sealed record JournalSettings
{
    /// <summary>The SQLite file's name under the data directory.</summary>
    public const string SqliteFileName = "journal.db";

    /// <summary>The data directory: the SQLite journal, checkpoints and CSV files live under it.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>A PostgreSQL connection string (Npgsql syntax); null = the SQLite file.</summary>
    public string? PostgresConnectionString { get; init; }

    public bool IsPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);

    public string SqlitePath => Path.Combine(Path.GetFullPath(DataDirectory), SqliteFileName);

    /// <summary>The connection string handed to Akka.Persistence.Sql.</summary>
    public string ConnectionString => IsPostgres
        ? PostgresConnectionString!
        : new SqliteConnectionStringBuilder { DataSource = SqlitePath, Pooling = true }.ToString();

    /// <summary>The linq2db provider: <c>SQLite.MS</c> or <c>PostgreSQL.15</c>.</summary>
    public string ProviderName => IsPostgres ? LinqToDB.ProviderName.PostgreSQL15 : LinqToDB.ProviderName.SQLiteMS;

    /// <summary>A short description for logs and messages (no password).</summary>
    public string Describe()
    {
        if (!IsPostgres) return $"SQLite {SqlitePath}";
        try
        {
            var b = new NpgsqlConnectionStringBuilder(PostgresConnectionString);
            return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL (a malformed connection string)";
        }
    }
}

/// <summary>The journal cannot be used: one clear message for the user (the process exits non-zero).</summary>
public sealed class JournalUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Checks, before the actor system starts, that the journal's database can be opened.</summary>
public static class JournalProbe
{
    public static async Task CheckAsync(JournalSettings settings, TimeSpan timeout, CancellationToken cancellation = default)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timer.CancelAfter(timeout);
        try
        {
            if (settings.IsPostgres)
            {
                var builder = new NpgsqlConnectionStringBuilder(settings.PostgresConnectionString)
                {
                    Timeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
                };
                await using var connection = new NpgsqlConnection(builder.ToString());
                await connection.OpenAsync(timer.Token).ConfigureAwait(false);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(timer.Token).ConfigureAwait(false);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(settings.SqlitePath)!);
                await using var connection = new SqliteConnection(settings.ConnectionString);
                await connection.OpenAsync(timer.Token).ConfigureAwait(false);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode=WAL;";
                await command.ExecuteScalarAsync(timer.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            throw new JournalUnavailableException($"cannot open the journal database ({settings.Describe()}): {Reason(e)}", e);
        }
    }

    private static string Reason(Exception e) => e switch
    {
        OperationCanceledException => "no answer in time",
        NpgsqlException { InnerException: { } inner } when inner is not NpgsqlException => inner.Message,
        _ => e.Message,
    };
}
