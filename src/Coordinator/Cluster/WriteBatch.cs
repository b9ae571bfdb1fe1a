using Hpo.Sweeps.Control;

namespace Hpo.Coordinator.Cluster;

/// <summary>What one journal write of a sweep carries: its events, then the orders and replies that wait for them.</summary>
internal sealed class WriteBatch
{
    public List<object> Events { get; } = [];
    public List<SweepEffects> Effects { get; } = [];
    public List<Action> After { get; } = [];
    public bool IsEmpty => Events.Count == 0 && Effects.Count == 0 && After.Count == 0;
}
