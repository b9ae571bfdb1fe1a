using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Hpo.Node.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Hpo.Worker.Checkpoints;

/// <summary>
/// Checkpoints as rows of one SQL table, on SQLite or PostgreSQL, through plain ADO.NET:
/// <c>(sweep_id, trial_id)</c> is the primary key and a save is an upsert, so only the latest checkpoint of a
/// trial is kept, and a reader sees the old row or the new one, never a mixture. The table is created on first use
/// (or by <see cref="InitializeAsync"/> at start), idempotently: on PostgreSQL under an advisory lock, so workers
/// starting together do not race on the catalog. Checkpoint bytes are a BLOB (SQLite) or an uncompressed bytea
/// (PostgreSQL); tens of megabytes are fine.
/// </summary>
public sealed partial class SqlCheckpointStore : ICheckpointStore, IAsyncDisposable, IDisposable
{
    public const string DefaultTable = "hpo_checkpoints";

    private readonly DbDataSource _source;
    private readonly string _upsert;
    private readonly string _select;
    private readonly string _delete;
    private readonly OnceUntilItWorks _setUp;

    public SqlCheckpointStore(StorageProvider provider, string connectionString, string table = DefaultTable)
    {
        if (StorageOptions.CheckConnectionString(provider, connectionString) is { } problem) throw new ArgumentException(problem, nameof(connectionString));
        if (CheckTable(table) is { } bad) throw new ArgumentException(bad, nameof(table));
        Provider = provider;
        ConnectionString = connectionString;
        Table = table;
        Target = StorageOptions.Describe(provider, connectionString);
        _setUp = new OnceUntilItWorks(InitializeOnceAsync);
        DbProviderFactory factory = provider == StorageProvider.Sqlite ? SqliteFactory.Instance : NpgsqlFactory.Instance;
        _source = factory.CreateDataSource(connectionString);
        var now = provider == StorageProvider.Sqlite ? "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')" : "now()";
        _upsert = $"""
            INSERT INTO {table} (sweep_id, trial_id, epoch, data, saved_at) VALUES (@sweep, @trial, @epoch, @data, {now})
            ON CONFLICT (sweep_id, trial_id) DO UPDATE SET epoch = excluded.epoch, data = excluded.data, saved_at = excluded.saved_at
            """;
        _select = $"SELECT epoch, data FROM {table} WHERE sweep_id = @sweep AND trial_id = @trial";
        _delete = $"DELETE FROM {table} WHERE sweep_id = @sweep AND trial_id = @trial";
    }

    public StorageProvider Provider { get; }
    public string ConnectionString { get; }
    public string Table { get; }

    /// <summary>The database in words, for messages (no password): <c>PostgreSQL 127.0.0.1:5432/hpo</c>, <c>SQLite /srv/ckpt.db</c>.</summary>
    public string Target { get; }

    /// <summary>
    /// Connects and creates the table unless it exists (idempotent; safe when several workers start at once), then
    /// checks its columns. Every operation does this first; a worker calls it at start so a database it cannot use
    /// is reported before it joins the cluster. Throws <see cref="StorageUnavailableException"/> with a
    /// one-line message; a later call tries again.
    /// </summary>
    public Task InitializeAsync(CancellationToken cancellation = default) => _setUp.RunAsync(cancellation);

    public async Task SaveAsync(CheckpointKey key, int epoch, ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
    {
        CheckKey(key);
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "an epoch is never negative");
        await InitializeAsync(cancellation).ConfigureAwait(false);
        await using var connection = await _source.OpenConnectionAsync(cancellation).ConfigureAwait(false);
        await using var command = Command(connection, _upsert, key);
        SqlParts.Add(command, "@epoch", DbType.Int32, epoch);
        SqlParts.Add(command, "@data", DbType.Binary, ArrayOf(data));
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    public async Task<StoredCheckpoint?> LoadAsync(CheckpointKey key, CancellationToken cancellation = default)
    {
        CheckKey(key);
        await InitializeAsync(cancellation).ConfigureAwait(false);
        await using var connection = await _source.OpenConnectionAsync(cancellation).ConfigureAwait(false);
        await using var command = Command(connection, _select, key);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, cancellation)
            .ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellation).ConfigureAwait(false)) return null;
        int epoch = await reader.GetFieldValueAsync<int>(0, cancellation).ConfigureAwait(false);
        var bytes = await reader.GetFieldValueAsync<byte[]>(1, cancellation).ConfigureAwait(false);
        return new StoredCheckpoint(epoch, bytes);
    }

    public async Task DeleteAsync(CheckpointKey key, CancellationToken cancellation = default)
    {
        CheckKey(key);
        await InitializeAsync(cancellation).ConfigureAwait(false);
        await using var connection = await _source.OpenConnectionAsync(cancellation).ConfigureAwait(false);
        await using var command = Command(connection, _delete, key);
        await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>What is wrong with a table name, or null: lower-case letters, digits and '_', at most 63, not starting with a digit.</summary>
    public static string? CheckTable(string? table) =>
        table is not null && TableName().IsMatch(table)
            ? null
            : $"the checkpoint table name must be lower-case letters, digits and '_' (at most 63, not starting with a digit), not '{table}'";

    public async ValueTask DisposeAsync()
    {
        ClearPool();
        await _source.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        ClearPool();
        _source.Dispose();
    }

    private async Task InitializeOnceAsync()
    {
        try
        {
            if (Provider == StorageProvider.Sqlite) await CreateSqliteTableAsync().ConfigureAwait(false);
            else await CreatePostgresTableAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or SocketException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"cannot use the checkpoint database ({Target}): {Explain(e)}", e);
        }
        try
        {
            await using var connection = await _source.OpenConnectionAsync().ConfigureAwait(false);
            await using var probe = connection.CreateCommand();
            probe.CommandText = $"SELECT sweep_id, trial_id, epoch, data, saved_at FROM {Table} WHERE 1 = 0";
            await probe.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw new StorageUnavailableException(
                $"the checkpoint database ({Target}) has a table {Table} that is not a checkpoint table: {Explain(e)}", e);
        }
    }

    private async Task CreateSqliteTableAsync()
    {
        var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        if (!file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        }
        await using var connection = await _source.OpenConnectionAsync().ConfigureAwait(false);
        await using var create = connection.CreateCommand();
        create.CommandText = $"""
            CREATE TABLE IF NOT EXISTS {Table} (
                sweep_id TEXT NOT NULL,
                trial_id INTEGER NOT NULL,
                epoch INTEGER NOT NULL,
                data BLOB NOT NULL,
                saved_at TEXT NOT NULL,
                PRIMARY KEY (sweep_id, trial_id))
            """;
        await create.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private async Task CreatePostgresTableAsync()
    {
        await using var connection = await _source.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        // Concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL's catalog: one creator at a time.
        await using (var lockCommand = connection.CreateCommand())
        {
            lockCommand.Transaction = transaction;
            lockCommand.CommandText = "SELECT pg_advisory_xact_lock(@key)";
            SqlParts.Add(lockCommand, "@key", DbType.Int64, SqlParts.LockKey("hpo-checkpoints:" + Table));
            await lockCommand.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        bool exists;
        await using (var check = connection.CreateCommand())
        {
            check.Transaction = transaction;
            check.CommandText = "SELECT to_regclass(@table) IS NOT NULL";
            SqlParts.Add(check, "@table", DbType.String, Table);
            exists = (bool)(await check.ExecuteScalarAsync().ConfigureAwait(false))!;
        }
        if (!exists)
        {
            await using var create = connection.CreateCommand();
            create.Transaction = transaction;
            // Checkpoints are float arrays that hardly compress: store them out of line without trying.
            create.CommandText = $"""
                CREATE TABLE IF NOT EXISTS {Table} (
                    sweep_id text NOT NULL,
                    trial_id integer NOT NULL,
                    epoch integer NOT NULL,
                    data bytea NOT NULL,
                    saved_at timestamptz NOT NULL,
                    PRIMARY KEY (sweep_id, trial_id));
                ALTER TABLE {Table} ALTER COLUMN data SET STORAGE EXTERNAL;
                """;
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
    }

    private static DbCommand Command(DbConnection connection, string sql, CheckpointKey key)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        SqlParts.Add(command, "@sweep", DbType.String, key.SweepId);
        SqlParts.Add(command, "@trial", DbType.Int32, key.TrialId);
        return command;
    }

    private static byte[] ArrayOf(ReadOnlyMemory<byte> data) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out var segment)
        && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();

    private static void CheckKey(CheckpointKey key)
    {
        if (string.IsNullOrEmpty(key.SweepId)) throw new ArgumentException("a checkpoint key needs a sweep id", nameof(key));
        if (key.SweepId.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException("a sweep id stored in SQL cannot hold a NUL character", nameof(key));
    }

    private void ClearPool()
    {
        if (Provider == StorageProvider.Sqlite)
        {
            using var connection = new SqliteConnection(ConnectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    /// <summary>The messages of an exception and its causes, each once, on one line.</summary>
    internal static string Explain(Exception error)
    {
        var parts = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            var message = e.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
            if (message.Length > 0 && !parts.Any(p => p.Contains(message, StringComparison.Ordinal))) parts.Add(message);
        }
        return string.Join(": ", parts);
    }


    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex TableName();
}
