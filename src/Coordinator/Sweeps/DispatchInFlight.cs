namespace Hpo.Coordinator.Sweeps;

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
}
