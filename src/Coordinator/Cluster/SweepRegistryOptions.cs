using Hpo.Node.Hosting;
using Hpo.Protocol;
using Hpo.Sweeps.Sharing;

namespace Hpo.Coordinator.Cluster;

/// <summary>What the sweep registry is told at start: its sweeps' options, how it follows the cluster and shares slots.</summary>
public sealed record SweepRegistryOptions
{
    public SweepActorOptions Sweep { get; init; } = new();

    /// <summary>The DistributedPubSub topic workers announce their <see cref="NodeCapacity"/> on (null: none, as in tests).</summary>
    public string? CapacityTopic { get; init; } = TrialRegion.CapacityTopic;

    /// <summary>Whether to follow cluster membership (members removed or unreachable are lost nodes).</summary>
    public bool FollowCluster { get; init; } = true;

    /// <summary>How long a query waits for the sweeps' answers.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Recovered sweeps wait, held, until a <see cref="ResumeSweep"/> names them (<c>hpo run</c>: it runs the sweep it
    /// is given, not every unfinished sweep of its data directory); otherwise (a server) they all continue.
    /// </summary>
    public bool HoldRecoveredSweeps { get; init; }

    /// <summary>How the cluster's slots are shared between the sweeps that run at once.</summary>
    public SlotPolicy SlotPolicy { get; init; } = SlotPolicy.Fair;

    /// <summary>
    /// Whether nodes that train nothing (<c>--simulate</c>: surrogate curves) are given trials: only in a coordinator that
    /// simulates itself or was started for scale tests; otherwise their made-up results never reach a real sweep.
    /// </summary>
    public bool AcceptSimulatedWorkers { get; init; }

    /// <summary>A sweep whose actor stopped (its journal refused a write) is started again after this delay.</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(2);
}
