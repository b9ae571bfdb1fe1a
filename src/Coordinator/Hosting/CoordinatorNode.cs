using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Hosting;
using Hpo.Coordinator.Cluster;
using Hpo.Coordinator.Telemetry;
using Hpo.Node.Hosting;
using Hpo.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Hpo.Coordinator.Hosting;

/// <summary>Builds the actor system of a coordinator process (both roles when it trains too) on a host.</summary>
public static class CoordinatorNode
{
    /// <summary>The actor system of a coordinator process (both roles when it trains too), on <paramref name="services"/>.</summary>
    public static void AddAkka(IServiceCollection services, CoordinatorNodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var roles = settings.Train ? new[] { HpoRoles.Coordinator, HpoRoles.Worker } : [HpoRoles.Coordinator];
        services.AddSingleton(provider => new CoordinatorMetrics(provider.GetService<IMeterFactory>()));
        services.AddAkka(settings.Node.Cluster.SystemName, (akka, provider) =>
        {
            var registry = settings.Registry with
            {
                SlotPolicy = settings.Coordinator.SlotPolicy,
                AcceptSimulatedWorkers = settings.Coordinator.AcceptSimulatedWorkers || (settings.Train && settings.Node.Worker.Simulate),
                Sweep = settings.Registry.Sweep with { Metrics = provider.GetRequiredService<CoordinatorMetrics>() },
            };
            akka.ConfigureLoggers(l =>
            {
                l.LogLevel = HpoLogging.ForAkka(settings.LogLevel);
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
            akka.WithHpoCluster(settings.Node.Cluster, roles);
            if (settings.Train) akka.WithHpoWorker(settings.Node.Worker, settings.Node.DataDirectory, settings.Node.Storage);
            else akka.WithHpoTrialProxy();
            akka.WithHpoCoordinator(settings.Journal, registry);
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
