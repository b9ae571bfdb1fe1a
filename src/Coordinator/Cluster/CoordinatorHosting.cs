using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Hpo.Coordinator.Persistence;

namespace Hpo.Coordinator.Cluster;

/// <summary>How this process joins the cluster.</summary>
public sealed record HpoClusterOptions
{
    public const string CoordinatorRole = "coordinator";
    public const string WorkerRole = "worker";
    public const string SystemName = "hpo";

    /// <summary>The address to listen on (loopback by default).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0: any free port.</summary>
    public int Port { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [CoordinatorRole, WorkerRole];

    /// <summary>Seed nodes (akka.tcp://hpo@host:port); none: this process forms a cluster of its own.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>How long a partition must be stable before the split-brain resolver downs the other side.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(7);
}

/// <summary>The registry singleton's key in the actor registry (its proxy on every node).</summary>
public sealed class SweepRegistryKey;

public static class CoordinatorHosting
{
    /// <summary>
    /// Remoting and clustering with the roles of this process, and the split-brain resolver set explicitly:
    /// keep-oldest (the side holding the oldest member, normally the coordinator that formed the cluster,
    /// survives a partition; it does not down itself when alone, so a coordinator cut off from its workers
    /// keeps its sweeps and waits for new workers). No seeds: the process joins itself.
    /// </summary>
    public static AkkaConfigurationBuilder WithHpoCluster(this AkkaConfigurationBuilder builder, HpoClusterOptions options)
    {
        builder
            .WithRemoting(options.Host, options.Port)
            .WithClustering(new ClusterOptions
            {
                Roles = options.Roles.ToArray(),
                SeedNodes = options.Seeds.ToArray(),
                SplitBrainResolver = new KeepOldestOption { DownIfAlone = false },
            })
            .AddHocon($"akka.cluster.split-brain-resolver.stable-after = {(int)options.StableAfter.TotalMilliseconds}ms", HoconAddMode.Prepend);
        if (options.Seeds.Count == 0)
        {
            builder.AddStartup((system, _) =>
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        }
        return builder;
    }

    /// <summary>
    /// The coordinator: the journal (SQLite or PostgreSQL) and the sweep registry as a cluster singleton on the
    /// coordinator role, with a proxy on every node (<see cref="SweepRegistryKey"/>). <paramref name="trials"/>
    /// gives the trial shard region (or its proxy) the sweeps send their orders to.
    /// </summary>
    public static AkkaConfigurationBuilder WithHpoCoordinator(this AkkaConfigurationBuilder builder, JournalSettings journal,
        SweepRegistrySettings settings, Func<ActorSystem, IActorRegistry, IActorRef> trials)
    {
        return builder
            .WithHpoPersistence(journal)
            .WithSingleton<SweepRegistryKey>("sweep-registry",
                (system, registry, _) => SweepRegistry.Props(trials(system, registry), settings),
                new ClusterSingletonOptions { Role = HpoClusterOptions.CoordinatorRole },
                createProxyToo: true);
    }
}
