using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>What a free slot gets: the events to persist and, for Promote and StartNew, the dispatch to carry out.</summary>
public sealed record SlotOutcome(IReadOnlyList<SweepEvent> Events, SlotAction Action, Dispatch? Dispatch);
