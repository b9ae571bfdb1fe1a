using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Hpo.Node.Storage;

/// <summary>
/// The one database of a process (configuration section <c>Hpo:Storage</c>): the coordinator's journal lives in it,
/// and so do the checkpoints of workers whose <c>Hpo:Worker:CheckpointStore</c> is <c>database</c>. SQLite by
/// default (the file <see cref="SqliteFileName"/> under the data directory); PostgreSQL for a cluster of machines.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hpo:Storage";

    /// <summary>The SQLite file's name under the data directory when no connection string is given.</summary>
    public const string SqliteFileName = "journal.db";

    /// <summary>SQLite (default) or PostgreSQL.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// Npgsql's connection string for PostgreSQL (<c>Host=db;Port=5432;Username=hpo;Password=...;Database=hpo</c>,
    /// required); for SQLite optional (<c>Data Source=/srv/hpo/hpo.db</c>; default: <see cref="SqliteFileName"/> under the
    /// data directory).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The connection string to open, with SQLite's default file under <paramref name="dataDirectory"/>.</summary>
    public string ConnectionStringIn(string dataDirectory) =>
        Provider == StorageProvider.PostgreSql || !string.IsNullOrWhiteSpace(ConnectionString)
            ? ConnectionString!
            : new SqliteConnectionStringBuilder { DataSource = Path.Combine(Path.GetFullPath(dataDirectory), SqliteFileName), Pooling = true }.ToString();

    /// <summary>The database in words, for logs and messages, without a password: <c>PostgreSQL db:5432/hpo</c>, <c>SQLite /srv/hpo/journal.db</c>.</summary>
    public string Describe(string dataDirectory) => Describe(Provider, ConnectionStringIn(dataDirectory));

    /// <summary>What is wrong with these settings (empty when nothing).</summary>
    public IReadOnlyList<string> Validate()
    {
        if (Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(ConnectionString)) return [];
        return CheckConnectionString(Provider, ConnectionString) is { } problem ? [$"{Section}:ConnectionString: {problem}"] : [];
    }

    /// <summary>The database of <paramref name="connectionString"/> in words (no password).</summary>
    public static string Describe(StorageProvider provider, string connectionString)
    {
        try
        {
            if (provider == StorageProvider.Sqlite) return $"SQLite {new SqliteConnectionStringBuilder(connectionString).DataSource}";
            var postgres = new NpgsqlConnectionStringBuilder(connectionString);
            var database = postgres.Database ?? postgres.Username ?? "";
            return string.Create(CultureInfo.InvariantCulture, $"PostgreSQL {postgres.Host}:{postgres.Port}/{database}");
        }
        catch (ArgumentException)
        {
            return $"{Name(provider)} (a malformed connection string)";
        }
    }

    /// <summary>What is wrong with <paramref name="connectionString"/> for <paramref name="provider"/>, or null.</summary>
    public static string? CheckConnectionString(StorageProvider provider, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return "the connection string is empty";
        try
        {
            if (provider == StorageProvider.Sqlite)
            {
                var sqlite = new SqliteConnectionStringBuilder(connectionString);
                if (string.IsNullOrWhiteSpace(sqlite.DataSource))
                    return "the sqlite connection string names no file (Data Source=PATH)";
                if (sqlite.Mode == SqliteOpenMode.Memory || sqlite.DataSource.Trim() == ":memory:")
                    return "an in-memory sqlite database does not outlive its connection; name a file (Data Source=PATH)";
            }
            else
            {
                var postgres = new NpgsqlConnectionStringBuilder(connectionString);
                if (string.IsNullOrWhiteSpace(postgres.Host)) return "the postgresql connection string names no host (Host=...)";
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return $"the connection string is not a {Name(provider)} connection string: {e.Message}";
        }
        return null;
    }

    /// <summary>The provider as settings spell it: <c>sqlite</c> or <c>postgresql</c>.</summary>
    public static string Name(StorageProvider provider) => provider == StorageProvider.Sqlite ? "sqlite" : "postgresql";
}
