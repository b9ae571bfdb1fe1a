namespace Hpo.Coordinator.Cluster;

/// <summary>
/// A sweep's journal writes, one in flight at a time: what arrives while one is written is gathered into the next
/// (a write of several events is one journal row), so a busy sweep writes fewer, larger rows.
/// </summary>
internal sealed class WriteBatcher
{
    private bool _writing;

    /// <summary>What the next write carries.</summary>
    public WriteBatch Next { get; private set; } = new();

    public WriteStatistics Statistics { get; } = new();

    /// <summary>
    /// The gathered batch to write now, or null (a write is in flight, or nothing is gathered). A batch without events
    /// needs no write: its orders and replies may go at once, and no write is in flight after it.
    /// </summary>
    public WriteBatch? Take()
    {
        if (_writing || Next.IsEmpty) return null;
        var batch = Next;
        Next = new WriteBatch();
        _writing = batch.Events.Count > 0;
        return batch;
    }

    /// <summary>The write of <paramref name="batch"/> is done: the next may start.</summary>
    public void Written(WriteBatch batch, TimeSpan took)
    {
        Statistics.Add(batch.Events.Count, took);
        _writing = false;
    }
}
