using Akka.Actor;
using Akka.Hosting;
using Hpo.Coordinator.Cluster;
using Hpo.Coordinator.Persistence;
using Hpo.Worker.Cluster;
using Hpo.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hpo.Coordinator.Cli;

/// <summary>What a coordinator process runs: its journal, its place in the cluster, and whether it trains too.</summary>
public sealed record CoordinatorNodeSettings
{
    public required JournalSettings Journal { get; init; }
    public HpoClusterOptions Cluster { get; init; } = new();

    /// <summary>The worker side in this process (embedded mode, <c>hpo serve --worker</c>); null: a proxy of the trial region.</summary>
    public WorkerOptions? Worker { get; init; }
    public SweepRegistrySettings Registry { get; init; } = new();

    /// <summary>Log level of Akka and the host (to stderr).</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>The checkpoint directory of this node's worker (and of the API's model export).</summary>
    public string CheckpointDirectory => Worker?.CheckpointDirectoryOrDefault ?? Path.Combine(Journal.DataDirectory, "checkpoints");
}

/// <summary>Builds the actor system of a coordinator process (both roles when it trains too) on a host.</summary>
public static class CoordinatorNode
{
    /// <summary>Logs go to stderr, so standard output keeps to progress, tables and the JSON line.</summary>
    public static void ConfigureLogging(ILoggingBuilder logging, LogLevel level)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o => o.SingleLine = true);
        logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(level);
    }

    public static void AddAkka(IServiceCollection services, CoordinatorNodeSettings settings)
    {
        var roles = settings.Worker is null ? new[] { HpoRoles.Coordinator } : [HpoRoles.Coordinator, HpoRoles.Worker];
        services.AddAkka(settings.Cluster.SystemName, (akka, _) =>
        {
            akka.ConfigureLoggers(l =>
            {
                l.LogLevel = settings.LogLevel switch
                {
                    <= LogLevel.Debug => Akka.Event.LogLevel.DebugLevel,
                    LogLevel.Information => Akka.Event.LogLevel.InfoLevel,
                    LogLevel.Warning => Akka.Event.LogLevel.WarningLevel,
                    _ => Akka.Event.LogLevel.ErrorLevel,
                };
                l.ClearLoggers();
                l.AddLoggerFactory();
            });
            akka.AddHocon("""
                akka.stdout-loglevel = WARNING
                akka.log-dead-letters = off
                akka.log-dead-letters-during-shutdown = off
                akka.cluster.log-info = off
                akka.cluster.singleton-proxy.log-singleton-identification-failure = off
                """, HoconAddMode.Prepend);
            akka.WithHpoCluster(settings.Cluster, roles);
            if (settings.Worker is { } worker) akka.WithHpoWorker(worker);
            else akka.WithHpoTrialProxy();
            akka.WithHpoCoordinator(settings.Journal, settings.Registry);
        });
    }

    /// <summary>Waits until the registry singleton answers (the cluster is up and the journal recovered).</summary>
    public static async Task<IActorRef> RegistryAsync(IServiceProvider services, TimeSpan timeout, CancellationToken cancellation)
    {
        var registry = await services.GetRequiredService<ActorRegistry>().GetAsync<SweepRegistryKey>(cancellation);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await registry.Ask<SweepList>(new ListSweeps(), TimeSpan.FromSeconds(5), cancellation);
                return registry;
            }
            catch (AskTimeoutException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }
}
