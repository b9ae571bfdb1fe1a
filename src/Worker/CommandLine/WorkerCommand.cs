using System.CommandLine;
using Akka.Actor;
using Akka.Hosting;
using Hpo.Worker.Cluster;
using Hpo.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hpo.Worker.CommandLine;

/// <summary>
/// <c>hpo worker</c>: a worker node. It joins the cluster at the seeds (or founds one), trains the trials the
/// coordinator places on it, and leaves the cluster cleanly on SIGTERM or Ctrl+C (coordinated shutdown).
/// </summary>
public static class WorkerCommand
{
    /// <summary>The <c>worker</c> command.</summary>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var flags = new SettingFlags()
            .WithDataDirectory("datasets, transfer models, checkpoints and appsettings.json (default .hpo)")
            .WithCluster()
            .WithWorker()
            .WithStorage();
        flags.Value("--http", "Hpo:Worker:Http", "where /metrics, /healthz and /readyz are served (default http://127.0.0.1:5081; port 0: any)");
        var command = flags.AddTo(new Command("worker", "Run a worker node: join the cluster at the seeds and train the trials placed on it"));
        command.SetAction((result, cancellation) => UserErrors.RunAsync(
            () => RunAsync(HpoConfiguration.Build(flags.Values(result)), stdout, cancellation), stderr));
        return command;
    }

    /// <summary>Runs a worker with <paramref name="configuration"/> until <paramref name="cancellation"/> (SIGTERM, Ctrl+C).</summary>
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter stdout, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var settings = NodeSettings.Load(configuration);
        PortCheck.Cluster(settings.Cluster.Hostname, settings.Cluster.Port);
        PortCheck.Http(settings.Worker.Http, "--http");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(settings.Worker.Http);
        builder.Services.AddHpoMetrics(HpoRoles.Worker);
        HpoLogging.Configure(builder.Logging, LogLevel.Warning);
        builder.Services.AddHpoSettings(configuration);
        builder.Services.AddAkka(settings.Cluster.SystemName, akka =>
            akka.ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = HpoLogging.ForAkka(LogLevel.Warning);
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .WithHpoCluster(settings.Cluster, HpoRoles.Worker)
                .WithHpoWorker(settings.Worker, settings.DataDirectory, settings.Storage));

        await using var host = builder.Build();
        host.MapNodeEndpoints();
        // The checkpoint store is checked before the node joins the cluster: an unusable database is one line and exit code 2.
        await HpoHosting.CheckCheckpointStoreAsync(host.Services, cancellation).ConfigureAwait(false);
        await host.StartAsync(cancellation).ConfigureAwait(false);
        var seeds = settings.Cluster.Seeds.Count > 0 ? "joining " + string.Join(", ", settings.Cluster.Seeds) : "founding a cluster";
        var http = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? settings.Worker.Http;
        await stdout.WriteLineAsync($"hpo worker: {(settings.Worker.Simulate ? "simulating" : "training")} with {settings.Worker.Slots} slots, " +
            $"data in {settings.DataDirectory}, {seeds}; metrics at {http}{HpoTelemetry.MetricsPath}").ConfigureAwait(false);
        await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        var runtime = WorkerRuntime.Of(host.Services.GetRequiredService<ActorSystem>());
        using var stopping = new CancellationTokenSource(settings.Worker.DrainTimeout + TimeSpan.FromSeconds(60));
        await host.StopAsync(stopping.Token).ConfigureAwait(false);
        if (runtime is not null)
            await stdout.WriteLineAsync($"hpo worker: left the cluster; {runtime.HandedBack} rungs handed back, " +
                $"{runtime.Metrics.EpochsTrained} epochs trained here ({runtime.Metrics.EpochsRetrained} of them again)").ConfigureAwait(false);
        return 0;
    }
}
