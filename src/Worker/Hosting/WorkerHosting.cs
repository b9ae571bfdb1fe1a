using System.Diagnostics.Metrics;
using System.Globalization;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Hpo.Node.Hosting;
using Hpo.Node.Storage;
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
public static partial class WorkerHosting
{
    /// <summary>
    /// The worker side on a member with the <see cref="HpoRoles.Worker"/> role: the node's training slots,
    /// dataset cache and trainer (<see cref="WorkerRuntime"/>), the trial shard region (entities placed by
    /// <see cref="NodeShardAllocationStrategy"/>, no remember-entities, no idle passivation by sharding) and the
    /// capacity announcements. The checkpoint store is the <see cref="ICheckpointStore"/> registered in the
    /// services, else the one the settings name (<see cref="CreateCheckpointStore"/>).
    /// </summary>
    public static AkkaConfigurationBuilder WithHpoWorker(this AkkaConfigurationBuilder builder, WorkerOptions options, string dataDirectory,
        StorageOptions? storage = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new OptionsValidationException(nameof(WorkerOptions), typeof(WorkerOptions), errors);
        builder.AddHocon("akka.cluster.sharding.distributed-data.durable.keys = []", HoconAddMode.Prepend);
        // The hand-back on SIGTERM waits for the running epochs: its phase may take the drain timeout and a margin.
        builder.AddHocon(string.Create(CultureInfo.InvariantCulture,
            $"akka.coordinated-shutdown.phases.before-service-unbind.timeout = {(long)(options.DrainTimeout + TimeSpan.FromSeconds(10)).TotalMilliseconds}ms"),
            HoconAddMode.Prepend);
        return builder.WithActors(async (system, registry, resolver) =>
        {
            var store = resolver.GetService<ICheckpointStore>() ?? CreateCheckpointStore(options, dataDirectory, storage ?? new StorageOptions());
            var logs = resolver.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            var runtime = new WorkerRuntime(options, dataDirectory, WorkerNode.Of(system), store, logs, resolver.GetService<IMeterFactory>(), new ClusterDatasetSource(system));
            runtime.Attach(system);
            var settings = ClusterShardingSettings.Create(system)
                .WithRole(HpoRoles.Worker)
                .WithRememberEntities(false)
                .WithPassivateIdleAfter(TimeSpan.Zero);
            var region = await ClusterSharding.Get(system).StartAsync(TrialRegion.TypeName, _ => TrialEntity.Props(runtime),
                settings, new TrialMessageExtractor(), new NodeShardAllocationStrategy(HpoRoles.Worker), TrialEntity.HandOff.Instance);
            registry.Register<TrialRegion>(region);
            registry.Register<CapacityPublisher>(system.ActorOf(CapacityPublisher.Props(runtime, region), "hpo-capacity"));
            system.ActorOf(ModelServer.Props(store), ModelServer.Name);
        });
    }

    /// <summary>A proxy of the trial region, for a member that trains nothing (a coordinator-only node).</summary>
    public static AkkaConfigurationBuilder WithHpoTrialProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegionProxy<TrialRegion>(TrialRegion.TypeName, HpoRoles.Worker, new TrialMessageExtractor());

    /// <summary>
    /// Binds the one configuration's sections (<see cref="NodeOptions"/>, <see cref="HpoClusterOptions"/>,
    /// <see cref="WorkerOptions"/>, <see cref="StorageOptions"/>) to options validated when the host starts, and
    /// registers the checkpoint store the settings name (<see cref="CreateCheckpointStore"/>) unless an
    /// <see cref="ICheckpointStore"/> is registered already. The store is checked when the host starts
    /// (<see cref="CheckCheckpointStoreAsync"/>), before the actor system.
    /// </summary>
    public static IServiceCollection AddHpoSettings(this IServiceCollection services, IConfiguration configuration)
    {
        AddValidated<NodeOptions>(services, configuration, NodeOptions.Section, o => o.Validate());
        AddValidated<HpoClusterOptions>(services, configuration, HpoClusterOptions.Section, o => o.Validate());
        AddValidated<WorkerOptions>(services, configuration, WorkerOptions.Section, o => o.Validate());
        AddValidated<StorageOptions>(services, configuration, StorageOptions.Section, o => o.Validate());
        services.TryAddSingleton<ICheckpointStore>(sp => CreateCheckpointStore(sp.GetRequiredService<IOptions<WorkerOptions>>().Value,
            Path.GetFullPath(sp.GetRequiredService<IOptions<NodeOptions>>().Value.DataDirectory), sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddHostedService<CheckpointStoreCheck>();
        return services;
    }

    private static void AddValidated<T>(IServiceCollection services, IConfiguration configuration, string section,
        Func<T, IReadOnlyList<string>> validate) where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(new Validator<T>(validate)));
    }

    /// <summary>
    /// The checkpoint store the settings name: a <see cref="DirectoryCheckpointStore"/> (under
    /// <paramref name="dataDirectory"/> unless a directory is given) or a <see cref="SqlCheckpointStore"/> in the
    /// <paramref name="storage"/> database.
    /// </summary>
    public static ICheckpointStore CreateCheckpointStore(WorkerOptions options, string dataDirectory, StorageOptions storage) =>
        options.CheckpointStore == CheckpointStoreKind.Database
            ? new SqlCheckpointStore(storage.Provider, storage.ConnectionStringIn(dataDirectory), options.CheckpointTable)
            : new DirectoryCheckpointStore(options.CheckpointDirectoryIn(dataDirectory));

    /// <summary>
    /// Checks that the registered checkpoint store can be used (for the SQL store: the database is reachable and
    /// the table exists or was created); throws <see cref="StorageUnavailableException"/> with one clear line.
    /// </summary>
    public static Task CheckCheckpointStoreAsync(IServiceProvider services, CancellationToken cancellation = default) =>
        services.GetRequiredService<ICheckpointStore>().InitializeAsync(cancellation);

    private sealed class CheckpointStoreCheck(IServiceProvider services) : Microsoft.Extensions.Hosting.IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => CheckCheckpointStoreAsync(services, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
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
