namespace Hpo.Sweeps.Control;

/// <summary>A dispatch of a trial sent to a node and not over yet.</summary>
internal sealed class DispatchInFlight(long dispatch, string node, DateTimeOffset sent)
{
    public long Dispatch { get; } = dispatch;
    public string Node { get; } = node;
    public DateTimeOffset Sent { get; } = sent;

    /// <summary>The last sign of life: a report, or its node listing it while it waits for a slot.</summary>
    public DateTimeOffset LastHeard { get; set; } = sent;

    /// <summary>It holds a slot on its node (a report came, or its node listed it as started).</summary>
    public bool Started { get; set; }

    /// <summary>Announcements of its node in a row that did not list it.</summary>
    public int Unlisted { get; set; }

    /// <summary>
    /// Its node's announcement listed it (<paramref name="started"/>: holding a slot) or not (null): true when it is
    /// lost, unlisted by two announcements in a row once <paramref name="grace"/> after it was sent is over.
    /// </summary>
    public bool Lost(bool? started, DateTimeOffset now, TimeSpan grace)
    {
        if (started is not bool holding) return now - Sent > grace && ++Unlisted >= 2;
        Unlisted = 0;
        if (!holding) LastHeard = now; // waiting its turn: alive
        else if (!Started) (Started, LastHeard) = (true, now); // its epochs' heartbeat starts now
        return false;
    }
}
