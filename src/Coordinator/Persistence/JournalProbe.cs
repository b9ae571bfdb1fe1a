using Hpo.Node.Storage;

namespace Hpo.Coordinator.Persistence;

/// <summary>Checks, before the actor system starts, that the journal's database can be opened.</summary>
public static class JournalProbe
{
    /// <summary>Opens the journal's database; throws <see cref="StorageUnavailableException"/> with one clear line.</summary>
    public static Task CheckAsync(JournalDatabase settings, TimeSpan timeout, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return StorageProbe.CheckAsync(settings.Storage.Provider, settings.ConnectionString, timeout, cancellation);
    }

    /// <summary>
    /// What a process that writes the journal checks once at start: the database opens, and a SQLite file reads back
    /// whole (garbage pages would otherwise surface as a minute of retried recoveries and an ask timeout).
    /// </summary>
    public static async Task CheckAtStartAsync(JournalDatabase settings, TimeSpan timeout, CancellationToken cancellation = default)
    {
        await SqliteJournalFile.CheckIntactAsync(settings, cancellation).ConfigureAwait(false);
        await CheckAsync(settings, timeout, cancellation).ConfigureAwait(false);
    }
}
