using Hpo.Node.Storage;

namespace Hpo.Coordinator.Persistence;

/// <summary>
/// Where the coordinator's journal lives: the node's database (<see cref="StorageOptions"/>), a SQLite file under
/// the data directory by default, or PostgreSQL. Tables are created on start.
/// </summary>
public sealed record JournalDatabase
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
    public static JournalDatabase Postgres(string dataDirectory, string connectionString) => new()
    {
        DataDirectory = dataDirectory,
        Storage = new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = connectionString },
    };
}
