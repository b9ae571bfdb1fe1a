using Hpo.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Hpo.Coordinator.Persistence;

/// <summary>
/// The SQLite file of a journal, checked before anything reads or writes it: a file that is not a database, or one
/// with garbage pages, is one line naming the file and SQLite's error (<see cref="StorageUnavailableException"/>),
/// instead of exceptions, retries and timeouts deep in the persistence plugin.
/// </summary>
public static class SqliteJournalFile
{
    /// <summary>The journal's file, or null on PostgreSQL.</summary>
    public static string? PathOf(JournalDatabase settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.IsPostgres ? null : Path.GetFullPath(new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource);
    }

    /// <summary>
    /// The connection string that reads <paramref name="connectionString"/>'s file without writing anything. A WAL
    /// journal on a read-only file system cannot make its shared-memory file, so when a read-only open fails there
    /// and no WAL is pending, the file is opened as immutable: nothing can change it there.
    /// </summary>
    public static async Task<string> ReadOnlyConnectionStringAsync(string connectionString, CancellationToken cancellation = default)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly };
        var file = Path.GetFullPath(builder.DataSource);
        try
        {
            await using var connection = new SqliteConnection(builder.ToString());
            await connection.OpenAsync(cancellation).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master;";
            await command.ExecuteScalarAsync(cancellation).ConfigureAwait(false);
            return builder.ToString();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is CantOpen or ReadOnly && !PendingWal(file))
        {
            builder.DataSource = new Uri(file).AbsoluteUri + "?immutable=1";
            return builder.ToString();
        }
        catch (SqliteException)
        {
            return builder.ToString(); // the integrity check names the problem
        }
    }

    private const int ReadOnly = 8, CantOpen = 14;

    private static bool PendingWal(string file) => File.Exists(file + "-wal") && new FileInfo(file + "-wal").Length > 0;

    /// <summary>Throws <see cref="StorageUnavailableException"/> unless the SQLite file of <paramref name="settings"/> reads back whole.</summary>
    public static async Task CheckIntactAsync(JournalDatabase settings, CancellationToken cancellation = default)
    {
        if (PathOf(settings) is not { } file || !File.Exists(file)) return;
        try
        {
            var readOnly = settings.ReadOnly ? settings.ConnectionString : await ReadOnlyConnectionStringAsync(settings.ConnectionString, cancellation).ConfigureAwait(false);
            await using var connection = new SqliteConnection(readOnly);
            await connection.OpenAsync(cancellation).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            // quick_check reads every page (not the indexes' agreement): garbage anywhere in the file shows here.
            command.CommandText = "PRAGMA quick_check(1);";
            var answer = (await command.ExecuteScalarAsync(cancellation).ConfigureAwait(false)) as string;
            if (answer != "ok") throw Unreadable(file, $"database disk image is malformed ({FirstLine(answer)})");
        }
        catch (SqliteException e)
        {
            throw Unreadable(file, FirstLine(e.SqliteErrorCode == CantOpen ? $"cannot open it: {Reason(e)}" : Reason(e)), e);
        }
    }

    private static StorageUnavailableException Unreadable(string file, string reason, Exception? inner = null) =>
        new($"journal {file} is not a readable SQLite database: {reason}", inner);

    /// <summary>SQLite's own message: "file is not a database" out of "SQLite Error 26: 'file is not a database'.".</summary>
    private static string Reason(SqliteException e)
    {
        var message = e.Message;
        int open = message.IndexOf('\'', StringComparison.Ordinal), close = message.LastIndexOf('\'');
        return open >= 0 && close > open ? message[(open + 1)..close] : message;
    }

    private static string FirstLine(string? text) =>
        (text ?? "no answer").Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("***", StringComparison.Ordinal)) ?? "no detail";
}
