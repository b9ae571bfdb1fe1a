using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Hpo.Worker.Checkpoints;
using Hpo.Worker.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hpo.Worker.Hosting;

/// <summary>
/// Akka.Hosting set-up of the cluster, chained in one place. A worker process calls
/// <c>WithHpoCluster(cluster, HpoRoles.Worker).WithHpoWorker(worker)</c>; a coordinator-only process
/// <c>WithHpoCluster(cluster, HpoRoles.Coordinator).WithHpoTrialProxy()</c>; an embedded process (both roles)
/// <c>WithHpoCluster(cluster, HpoRoles.Coordinator, HpoRoles.Worker).WithHpoWorker(worker)</c>. Either way the
/// trial region (or its proxy) is in the actor registry under <see cref="TrialRegion"/>.
/// </summary>
public static partial class HpoHosting
{
    /// <summary>
    /// Remoting on the configured address, clustering with <paramref name="roles"/>, the split-brain resolver
    /// (keep-majority or keep-oldest, with the configured stable-after), distributed pub-sub on every node and the
    /// protocol serializer. With no seeds the node joins itself, founding a cluster.
    /// </summary>
    public static AkkaConfigurationBuilder WithHpoCluster(this AkkaConfigurationBuilder builder, HpoClusterOptions options,
        params string[] roles)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new OptionsValidationException(nameof(HpoClusterOptions), typeof(HpoClusterOptions), errors);
        if (roles.Length == 0) throw new ArgumentException("a cluster member needs at least one role", nameof(roles));
        SplitBrainResolverOption resolver = options.SplitBrainStrategy == "keep-oldest"
            ? new KeepOldestOption { DownIfAlone = true }
            : new KeepMajorityOption();
        builder
            .WithRemoting(new RemoteOptions { HostName = options.Hostname, Port = options.Port, PublicHostName = options.PublicHostname })
            .WithClustering(new ClusterOptions
            {
                Roles = roles,
                SeedNodes = options.Seeds.Count > 0 ? options.Seeds.ToArray() : null,
                SplitBrainResolver = resolver,
            })
            .AddHocon(string.Create(CultureInfo.InvariantCulture,
                $"akka.cluster.split-brain-resolver.stable-after = {(long)options.StableAfter.TotalMilliseconds}ms"), HoconAddMode.Prepend)
            .WithDistributedPubSub(string.Empty)
            .WithHpoSerializer();
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
    /// The worker side on a member with the <see cref="HpoRoles.Worker"/> role: the node's training slots,
    /// dataset cache and trainer (<see cref="WorkerRuntime"/>), the trial shard region (entities placed by
    /// <see cref="NodeShardAllocationStrategy"/>, no remember-entities, no idle passivation by sharding) and the
    /// capacity announcements. The checkpoint store is the <see cref="ICheckpointStore"/> registered in the
    /// services (a SQL store in a cluster), else a <see cref="DirectoryCheckpointStore"/> under the options' directory.
    /// </summary>
    public static AkkaConfigurationBuilder WithHpoWorker(this AkkaConfigurationBuilder builder, WorkerOptions options)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new OptionsValidationException(nameof(WorkerOptions), typeof(WorkerOptions), errors);
        builder.AddHocon("akka.cluster.sharding.distributed-data.durable.keys = []", HoconAddMode.Prepend);
        return builder.WithActors(async (system, registry, resolver) =>
        {
            var store = resolver.GetService<ICheckpointStore>() ?? new DirectoryCheckpointStore(options.CheckpointDirectoryOrDefault);
            var logs = resolver.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            var runtime = new WorkerRuntime(options, WorkerNode.Of(system), store, logs);
            runtime.Attach(system);
            var settings = ClusterShardingSettings.Create(system)
                .WithRole(HpoRoles.Worker)
                .WithRememberEntities(false)
                .WithPassivateIdleAfter(TimeSpan.Zero);
            var region = await ClusterSharding.Get(system).StartAsync(TrialRegion.TypeName, _ => TrialEntity.Props(runtime),
                settings, new TrialMessageExtractor(), new NodeShardAllocationStrategy(HpoRoles.Worker), TrialEntity.HandOff.Instance);
            registry.Register<TrialRegion>(region);
            registry.Register<CapacityPublisher>(system.ActorOf(CapacityPublisher.Props(runtime, region), "hpo-capacity"));
        });
    }

    /// <summary>A proxy of the trial region, for a member that trains nothing (a coordinator-only node).</summary>
    public static AkkaConfigurationBuilder WithHpoTrialProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegionProxy<TrialRegion>(TrialRegion.TypeName, HpoRoles.Worker, new TrialMessageExtractor());

    /// <summary>
    /// Binds and validates (at start) <see cref="HpoClusterOptions"/> (section <c>Hpo:Cluster</c>) and
    /// <see cref="WorkerOptions"/> (section <c>Hpo:Worker</c>), and registers the default checkpoint store unless
    /// an <see cref="ICheckpointStore"/> is registered already.
    /// </summary>
    public static IServiceCollection AddHpoWorkerOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HpoClusterOptions>().Bind(configuration.GetSection(HpoClusterOptions.Section)).ValidateOnStart();
        services.AddOptions<WorkerOptions>().Bind(configuration.GetSection(WorkerOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HpoClusterOptions>>(new Validator<HpoClusterOptions>(o => o.Validate())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerOptions>>(new Validator<WorkerOptions>(o => o.Validate())));
        services.TryAddSingleton<ICheckpointStore>(sp =>
            new DirectoryCheckpointStore(sp.GetRequiredService<IOptions<WorkerOptions>>().Value.CheckpointDirectoryOrDefault));
        return services;
    }

    private sealed class Validator<T>(Func<T, IReadOnlyList<string>> validate) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var errors = validate(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
