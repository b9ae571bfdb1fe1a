using Hpo.Engine.Options;
using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Control;

/// <summary>Train a trial on a node: the message the sweep actor sends to the trial's entity.</summary>
public sealed record DispatchOrder(int Trial, long Dispatch, string Node, TrialPlan Plan, int FromEpoch, int ToEpoch);

/// <summary>Tell a node to drop a trial's model (it was stopped or completed).</summary>
public sealed record ReleaseOrder(int Trial, string Node);

/// <summary>A dispatch given up as lost (<see cref="Why"/>): it is sent again.</summary>
public sealed record SilentDispatch(int Trial, long Dispatch, string Node, TimeSpan SilentFor, string Why);

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
