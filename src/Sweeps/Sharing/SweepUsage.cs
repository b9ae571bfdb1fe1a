namespace Hpo.Sweeps.Sharing;

/// <summary>
/// A sweep to the registry: the dispatches it has in flight on each node, whether it would dispatch more if it had
/// room (<see cref="Wants"/>), its weight (<c>search.priority</c>) and cap (<c>search.max_concurrent</c>), as of
/// the last <see cref="SlotShare"/> it applied (<see cref="Version"/>; 0: none yet). Both stay in the coordinator's process
/// (the registry and its sweeps): they never cross the wire.
/// </summary>
public sealed record SweepUsage(string SweepId, long Version, IReadOnlyDictionary<string, int> InFlight, bool Wants,
    double Weight = 1, int? MaxConcurrent = null)
{
    public int Total => InFlight.Values.Sum();

    /// <summary>The same report (version, wants and dispatches per node): nothing new to tell the registry.</summary>
    public bool SameAs(SweepUsage? other) =>
        other is not null && other.Version == Version && other.Wants == Wants && other.InFlight.Count == InFlight.Count
        && InFlight.All(kv => other.InFlight.TryGetValue(kv.Key, out int n) && n == kv.Value);
}
