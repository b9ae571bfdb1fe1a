using Hpo.Sweeps.Control;

namespace Hpo.Coordinator.Archive;

/// <summary>Where the command line reads sweeps that exist: a data directory's journal or a running coordinator's API.</summary>
public interface ISweepSource : IAsyncDisposable
{
    /// <summary>Where the sweeps come from, in words (for messages).</summary>
    string Describe();

    /// <summary>Every sweep's status, oldest first.</summary>
    Task<IReadOnlyList<SweepStatus>> ListAsync(CancellationToken cancellation);

    /// <summary>One sweep with every trial; null when there is no sweep of that id.</summary>
    Task<SweepHistory?> HistoryAsync(string sweepId, CancellationToken cancellation);
}
