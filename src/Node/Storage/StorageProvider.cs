namespace Hpo.Node.Storage;

/// <summary>The database that holds the journal and (when workers keep them in a database) the checkpoints.</summary>
public enum StorageProvider
{
    /// <summary>A SQLite file under the data directory (Microsoft.Data.Sqlite): one machine, nothing to install.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (Npgsql): what the processes of a multi-machine cluster share.</summary>
    PostgreSql,
}
