using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using Hpo.Engine.Data;
using Hpo.Node.Storage;
using Hpo.Worker.Checkpoints;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Hpo.Worker.Datasets;

/// <summary>
/// Datasets in two SQL tables of the journal's database (SQLite or PostgreSQL), through plain ADO.NET as
/// <see cref="SqlCheckpointStore"/> does: <c>hpo_dataset_chunks</c> holds the bytes in chunks of
/// <see cref="DatasetLimits.ChunkBytes"/> (no row near the 1 GB field limit of either database, and a chunk is what one
/// transfer message carries), <c>hpo_datasets</c> one row per complete dataset, written after its last chunk, so a
/// dataset is found only whole. Chunks are written in transactions of a few megabytes, so a large upload never holds
/// SQLite's write lock long against the journal. Tables are created on first use, under an advisory lock on PostgreSQL.
/// </summary>
public sealed class SqlDatasetStore : IDatasetStore, IAsyncDisposable
{
    public const string DatasetTable = "hpo_datasets";
    public const string ChunkTable = "hpo_dataset_chunks";

    /// <summary>Chunks per write transaction (4 MiB).</summary>
    private const int ChunksPerTransaction = 64;

    private readonly DbDataSource _source;
    private readonly OnceUntilItWorks _setUp;

    public SqlDatasetStore(StorageProvider provider, string connectionString)
    {
        if (StorageOptions.CheckConnectionString(provider, connectionString) is { } problem) throw new ArgumentException(problem, nameof(connectionString));
        Provider = provider;
        ConnectionString = connectionString;
        Target = StorageOptions.Describe(provider, connectionString);
        _setUp = new OnceUntilItWorks(InitializeOnceAsync);
        DbProviderFactory factory = provider == StorageProvider.Sqlite ? SqliteFactory.Instance : NpgsqlFactory.Instance;
        _source = factory.CreateDataSource(connectionString);
    }

    public StorageProvider Provider { get; }
    public string ConnectionString { get; }

    /// <summary>The database in words, for messages (no password).</summary>
    public string Target { get; }

    public Task InitializeAsync(CancellationToken cancellation = default) => _setUp.RunAsync(cancellation);

    public async Task<StoredDataset?> FindAsync(DatasetId id, CancellationToken cancellation = default)
    {
        await InitializeAsync(cancellation).ConfigureAwait(false);
        await using var connection = await _source.OpenConnectionAsync(cancellation).ConfigureAwait(false);
        await using var command = Command(connection, $"SELECT id, bytes, chunks, stored_at FROM {DatasetTable} WHERE id = @id");
        SqlParts.Add(command, "@id", DbType.String, id.Hex);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellation).ConfigureAwait(false);
        return await reader.ReadAsync(cancellation).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async Task<byte[]?> ReadChunkAsync(DatasetId id, int index, CancellationToken cancellation = default)
    {
        await InitializeAsync(cancellation).ConfigureAwait(false);
        await using var connection = await _source.OpenConnectionAsync(cancellation).ConfigureAwait(false);
        await using var command = Command(connection, $"SELECT data FROM {ChunkTable} WHERE id = @id AND chunk = @chunk");
        SqlParts.Add(command, "@id", DbType.String, id.Hex);
        SqlParts.Add(command, "@chunk", DbType.Int32, index);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, cancellation)
            .ConfigureAwait(false);
        return await reader.ReadAsync(cancellation).ConfigureAwait(false)
            ? await reader.GetFieldValueAsync<byte[]>(0, cancellation).ConfigureAwait(false)
            : null;
    }

    public async Task<StoredDataset> AddAsync(DatasetId id, string file, CancellationToken cancellation = default)
    {
        if (await FindAsync(id, cancellation).ConfigureAwait(false) is { } stored) return stored;
        await using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, DatasetLimits.ChunkBytes, useAsync: true);
        long bytes = input.Length;
        if (bytes > DatasetLimits.MaxBytes)
            throw new ArgumentException($"{file} is {bytes:N0} bytes; a dataset may be at most {DatasetLimits.MaxBytes:N0}", nameof(file));
        int chunks = DatasetLimits.ChunksOf(bytes);
        await using var connection = await _source.OpenConnectionAsync(cancellation).ConfigureAwait(false);
        // An upload of the same bytes that did not finish may have left chunks: they are the same bytes, overwritten.
        var buffer = new byte[DatasetLimits.ChunkBytes];
        for (int first = 0; first < chunks; first += ChunksPerTransaction)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);
            for (int index = first; index < Math.Min(chunks, first + ChunksPerTransaction); index++)
            {
                int length = await input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellation).ConfigureAwait(false);
                await using var insert = Command(connection, $"""
                    INSERT INTO {ChunkTable} (id, chunk, data) VALUES (@id, @chunk, @data)
                    ON CONFLICT (id, chunk) DO UPDATE SET data = excluded.data
                    """);
                insert.Transaction = transaction;
                SqlParts.Add(insert, "@id", DbType.String, id.Hex);
                SqlParts.Add(insert, "@chunk", DbType.Int32, index);
                SqlParts.Add(insert, "@data", DbType.Binary, buffer.AsSpan(0, length).ToArray());
                await insert.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellation).ConfigureAwait(false);
        }
        await using (var complete = Command(connection, $"""
            INSERT INTO {DatasetTable} (id, bytes, chunks, stored_at) VALUES (@id, @bytes, @chunks, @at)
            ON CONFLICT (id) DO NOTHING
            """))
        {
            SqlParts.Add(complete, "@id", DbType.String, id.Hex);
            SqlParts.Add(complete, "@bytes", DbType.Int64, bytes);
            SqlParts.Add(complete, "@chunks", DbType.Int32, chunks);
            SqlParts.Add(complete, "@at", DbType.String, DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            await complete.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }
        return (await FindAsync(id, cancellation).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<StoredDataset>> ListAsync(CancellationToken cancellation = default)
    {
        await InitializeAsync(cancellation).ConfigureAwait(false);
        await using var connection = await _source.OpenConnectionAsync(cancellation).ConfigureAwait(false);
        await using var command = Command(connection, $"SELECT id, bytes, chunks, stored_at FROM {DatasetTable} ORDER BY stored_at, id");
        await using var reader = await command.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        var list = new List<StoredDataset>();
        while (await reader.ReadAsync(cancellation).ConfigureAwait(false)) list.Add(Read(reader));
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        if (Provider == StorageProvider.Sqlite)
        {
            using var connection = new SqliteConnection(ConnectionString);
            SqliteConnection.ClearPool(connection);
        }
        await _source.DisposeAsync().ConfigureAwait(false);
    }

    private static StoredDataset Read(DbDataReader reader)
    {
        var id = DatasetId.Parse(DatasetId.Prefix + reader.GetString(0));
        // Stored as ISO 8601 text on both databases: one way to read it back.
        var at = DateTimeOffset.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture);
        return new StoredDataset(id, reader.GetInt64(1), reader.GetInt32(2), at);
    }

    private async Task InitializeOnceAsync()
    {
        try
        {
            if (Provider == StorageProvider.Sqlite) CreateSqliteDirectory();
            await using var connection = await _source.OpenConnectionAsync().ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            if (Provider == StorageProvider.PostgreSql)
            {
                // Concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL's catalog: one creator at a time.
                await using var lockCommand = Command(connection, "SELECT pg_advisory_xact_lock(@key)");
                lockCommand.Transaction = transaction;
                SqlParts.Add(lockCommand, "@key", DbType.Int64, SqlParts.LockKey("hpo-datasets:" + DatasetTable));
                await lockCommand.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            var blob = Provider == StorageProvider.Sqlite ? "BLOB" : "bytea";
            await using var create = Command(connection, $"""
                CREATE TABLE IF NOT EXISTS {DatasetTable} (
                    id TEXT NOT NULL PRIMARY KEY,
                    bytes BIGINT NOT NULL,
                    chunks INTEGER NOT NULL,
                    stored_at TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS {ChunkTable} (
                    id TEXT NOT NULL,
                    chunk INTEGER NOT NULL,
                    data {blob} NOT NULL,
                    PRIMARY KEY (id, chunk));
                """);
            create.Transaction = transaction;
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
            await transaction.CommitAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or SocketException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"cannot use the dataset tables in {Target}: {SqlCheckpointStore.Explain(e)}", e);
        }
    }

    private void CreateSqliteDirectory()
    {
        var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        if (file.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return;
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
    }

    private static DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

}
