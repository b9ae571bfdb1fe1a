namespace Hpo.Coordinator.Cluster;

/// <summary>A sweep's journal as recovery reads it: its events in order, each with when it was written (null: not known).</summary>
internal sealed class RecoveredJournal
{
    public List<object> Events { get; } = [];
    public List<DateTimeOffset?> Times { get; } = [];

    public void Add(object e, DateTimeOffset? at)
    {
        Events.Add(e);
        Times.Add(at);
    }
}
