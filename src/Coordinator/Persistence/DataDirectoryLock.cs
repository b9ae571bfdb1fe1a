using Hpo.Node.CommandLine;

namespace Hpo.Coordinator.Persistence;

/// <summary>
/// The one writer of a SQLite journal: <c>hpo run</c> and <c>hpo serve</c> hold an exclusive lock on
/// <c>journal.db.lock</c> beside the journal while they run, and name themselves in <c>journal.db.lock.holder</c>.
/// A second writer is refused with one line naming the holder. The lock is the operating system's (flock on Unix),
/// so it ends with its process, however that ends (kill -9 too): no stale lock to clean up. Readers (status,
/// trials, report) take none; a PostgreSQL journal has no lock here (its processes need not share a directory).
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _holderFile;

    private DataDirectoryLock(FileStream stream, string holderFile) => (_lock, _holderFile) = (stream, holderFile);

    /// <summary>The lock file of a journal, or null when the journal is not a SQLite file.</summary>
    public static string? PathOf(JournalDatabase journal) => SqliteJournalFile.PathOf(journal) is { } file ? file + ".lock" : null;

    /// <summary>
    /// Takes the lock of <paramref name="journal"/> for <paramref name="role"/> ("hpo run"); null on PostgreSQL. A lock
    /// held by another process (or another writer of this one) is a <see cref="UsageException"/> naming its holder.
    /// </summary>
    public static DataDirectoryLock? Acquire(JournalDatabase journal, string role)
    {
        if (PathOf(journal) is not { } path) return null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot create the data directory {Path.GetDirectoryName(path)}: {e.Message}");
        }
        var holderFile = path + ".holder";
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new UsageException($"{Path.GetDirectoryName(path)} is in use by {Holder(holderFile)}: one process writes a data directory's journal; " +
                                     "stop it, or give this one another --data-dir (hpo status reads it meanwhile)");
        }
        try
        {
            File.WriteAllText(holderFile, $"pid {Environment.ProcessId} ({role})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The lock holds without its label; a refused writer then says "another process".
        }
        return new DataDirectoryLock(stream, holderFile);
    }

    private static string Holder(string holderFile)
    {
        try
        {
            var text = File.ReadAllText(holderFile).Trim();
            return text.Length > 0 ? text : "another process";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "another process";
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_holderFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        _lock.Dispose();
    }
}
