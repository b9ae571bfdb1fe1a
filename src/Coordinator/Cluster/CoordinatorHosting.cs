using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Hpo.Coordinator.Datasets;
using Hpo.Coordinator.Persistence;
using Hpo.Node.Hosting;

namespace Hpo.Coordinator.Cluster;

/// <summary>The registry singleton's key in the actor registry (its proxy on every node).</summary>
public sealed class SweepRegistryKey;

public static class CoordinatorHosting
{
    /// <summary>
    /// The coordinator: the journal (SQLite or PostgreSQL) and the sweep registry as a cluster singleton on the
    /// coordinator role, with a proxy on every node (<see cref="SweepRegistryKey"/>). <paramref name="trials"/>
    /// gives the trial shard region (or its proxy) the sweeps send their orders to; by default the
    /// <see cref="TrialRegion"/> of the actor registry (<c>WithHpoWorker</c> or <c>WithHpoTrialProxy</c> first).
    /// </summary>
    public static AkkaConfigurationBuilder WithHpoCoordinator(this AkkaConfigurationBuilder builder, JournalDatabase journal,
        SweepRegistryOptions settings, Func<ActorSystem, IActorRegistry, IActorRef>? trials = null)
    {
        return builder
            .WithHpoPersistence(journal)
            .WithSingleton<SweepRegistryKey>("sweep-registry",
                (system, registry, _) => SweepRegistry.Props(trials?.Invoke(system, registry) ?? registry.Get<TrialRegion>(), settings),
                new ClusterSingletonOptions { Role = HpoRoles.Coordinator },
                createProxyToo: true)
            .WithActors((system, _) => DatasetServing.Start(system, journal));
    }
}
