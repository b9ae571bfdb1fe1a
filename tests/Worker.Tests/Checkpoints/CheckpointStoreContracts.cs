using Hpo.Node.Storage;
using Hpo.Worker.Checkpoints;

namespace Hpo.Worker.Tests.Checkpoints;

/// <summary>The checkpoint store contract on the default store: files under a directory.</summary>
public sealed class DirectoryCheckpointStoreContractTests : CheckpointStoreContract
{
    private readonly string _root = Directory.CreateTempSubdirectory("hpo-store-").FullName;

    protected override ICheckpointStore CreateStore() => new DirectoryCheckpointStore(_root);

    protected override ValueTask CleanUpAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The checkpoint store contract on the SQL store over a SQLite file.</summary>
public sealed class SqliteCheckpointStoreContractTests : CheckpointStoreContract
{
    private readonly string _root = Directory.CreateTempSubdirectory("hpo-sqlite-").FullName;

    protected override ICheckpointStore CreateStore() =>
        new SqlCheckpointStore(StorageProvider.Sqlite, $"Data Source={Path.Combine(_root, "checkpoints.db")}");

    protected override ValueTask CleanUpAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The checkpoint store contract on the SQL store over a real PostgreSQL server; each test has a table of its own.</summary>
[Trait("Category", "Integration")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresCheckpointStoreContractTests(PostgresFixture postgres) : CheckpointStoreContract
{
    private readonly string _table = "contract_" + Guid.NewGuid().ToString("N")[..12];

    protected override ICheckpointStore CreateStore() =>
        new SqlCheckpointStore(StorageProvider.PostgreSql, postgres.Server.ConnectionString, _table);

    protected override ValueTask CleanUpAsync() => ValueTask.CompletedTask;
}
