using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Control;

/// <summary>What the sweep actor carries out after an input: persist the events first, then send the orders.</summary>
public sealed class SweepEffects
{
    public List<SweepEvent> Events { get; } = [];
    public List<DispatchOrder> Dispatches { get; } = [];
    public List<ReleaseOrder> Releases { get; } = [];

    /// <summary>Dispatches that went silent past the heartbeat window (sent again by this effect, or once a slot frees).</summary>
    public List<SilentDispatch> Silent { get; } = [];

    /// <summary>The sweep is over (its SweepFinished event is among the events).</summary>
    public bool Finished { get; set; }

    public bool IsEmpty => Events.Count == 0 && Dispatches.Count == 0 && Releases.Count == 0;
}
