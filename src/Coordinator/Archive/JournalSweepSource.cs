using Hpo.Coordinator.Persistence;
using Hpo.Sweeps.Control;

namespace Hpo.Coordinator.Archive;

/// <summary>The sweeps of a data directory's journal (the one <c>hpo run</c> or <c>hpo serve</c> wrote), read without running them.</summary>
public sealed class JournalSweepSource : ISweepSource
{
    private readonly JournalDatabase _journal;
    private readonly SweepArchive _archive;

    private JournalSweepSource(JournalDatabase journal, SweepArchive archive) => (_journal, _archive) = (journal, archive);

    /// <summary>Opens the journal of <paramref name="journal"/>.</summary>
    public static async Task<JournalSweepSource> OpenAsync(JournalDatabase journal, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(journal);
        return new JournalSweepSource(journal, await SweepArchive.OpenAsync(journal, cancellation).ConfigureAwait(false));
    }

    public string Describe() => $"the journal {_journal.Describe()}";

    public async Task<IReadOnlyList<SweepStatus>> ListAsync(CancellationToken cancellation) =>
        (await _archive.ReadAllAsync(cancellation).ConfigureAwait(false)).Select(h => h.Status).ToArray();

    public Task<SweepHistory?> HistoryAsync(string sweepId, CancellationToken cancellation) => _archive.ReadAsync(sweepId, cancellation);

    public ValueTask DisposeAsync() => _archive.DisposeAsync();
}
