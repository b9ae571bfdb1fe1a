using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Cluster;

/// <summary>A sweep's journal as recovery reads it: its events in order, each with when it was written (null: not known).</summary>
internal sealed class RecoveredJournal
{
    public List<object> Events { get; } = [];
    public List<DateTimeOffset?> Times { get; } = [];

    /// <summary>
    /// Adds a row of the journal: a batch's events, stamped with its time, or an event written alone (before batches)
    /// with no time. False: not a row of the sweep's events.
    /// </summary>
    public bool AddRow(object row)
    {
        switch (row)
        {
            case SweepEventBatch batch:
                foreach (var e in batch.Events) Add(e, batch.At);
                return true;
            case SweepEvent or TrialIssuesReported or SamplerCheckpointed or BestTrialTested or BestTrialRefitted:
                Add(row, null);
                return true;
            default:
                return false;
        }
    }

    private void Add(object e, DateTimeOffset? at)
    {
        Events.Add(e);
        Times.Add(at);
    }
}
