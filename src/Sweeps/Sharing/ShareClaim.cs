namespace Hpo.Sweeps.Sharing;

/// <summary>What one sweep asks of the cluster: at most <see cref="Demand"/> slots, with a weight, having been served <see cref="Served"/> dispatch-seconds so far.</summary>
public readonly record struct ShareClaim(int Demand, double Weight = 1, double Served = 0);
