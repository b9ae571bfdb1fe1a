using Hpo.Node.Storage;

namespace Hpo.Coordinator.Persistence;

/// <summary>
/// Where the coordinator's journal lives: the node's database (<see cref="StorageOptions"/>), a SQLite file under
/// the data directory by default, or PostgreSQL. Tables are created on start.
/// </summary>
public sealed record JournalSettings
{
    /// <summary>The data directory: the SQLite file, checkpoints and CSV files live under it.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The database.</summary>
    public StorageOptions Storage { get; init; } = new();

    /// <summary>True on PostgreSQL.</summary>
    public bool IsPostgres => Storage.Provider == StorageProvider.PostgreSql;

    /// <summary>The connection string handed to Akka.Persistence.Sql (by default the node's database under the data directory).</summary>
    public string ConnectionString
    {
        get => _connectionString ?? Storage.ConnectionStringIn(DataDirectory);
        init => _connectionString = value;
    }

    private readonly string? _connectionString;

    /// <summary>Read only (<c>hpo status</c>, <c>trials</c>, <c>report</c>): no tables are created, nothing is written.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>The linq2db provider: <c>SQLite.MS</c> or <c>PostgreSQL.15</c>.</summary>
    public string ProviderName => IsPostgres ? LinqToDB.ProviderName.PostgreSQL15 : LinqToDB.ProviderName.SQLiteMS;

    /// <summary>A short description for logs and messages (no password).</summary>
    public string Describe() => Storage.Describe(DataDirectory);

    /// <summary>The journal in a PostgreSQL database.</summary>
    public static JournalSettings Postgres(string dataDirectory, string connectionString) => new()
    {
        DataDirectory = dataDirectory,
        Storage = new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = connectionString },
    };
}

/// <summary>Checks, before the actor system starts, that the journal's database can be opened.</summary>
public static class JournalProbe
{
    /// <summary>Opens the journal's database; throws <see cref="StorageUnavailableException"/> with one clear line.</summary>
    public static Task CheckAsync(JournalSettings settings, TimeSpan timeout, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return StorageProbe.CheckAsync(settings.Storage.Provider, settings.ConnectionString, timeout, cancellation);
    }

    /// <summary>
    /// What a process that writes the journal checks once at start: the database opens, and a SQLite file reads back
    /// whole (garbage pages would otherwise surface as a minute of retried recoveries and an ask timeout).
    /// </summary>
    public static async Task CheckAtStartAsync(JournalSettings settings, TimeSpan timeout, CancellationToken cancellation = default)
    {
        await SqliteJournalFile.CheckIntactAsync(settings, cancellation).ConfigureAwait(false);
        await CheckAsync(settings, timeout, cancellation).ConfigureAwait(false);
    }
}
