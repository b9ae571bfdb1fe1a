using System.CommandLine;
using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Hpo.Node.CommandLine;
using Hpo.Node.Hosting;
using Hpo.Worker.Cluster;
using Hpo.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hpo.Cli;

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

    /// <summary>
    /// Runs a worker with <paramref name="configuration"/> until <paramref name="cancellation"/> (SIGTERM, Ctrl+C). A
    /// worker with seeds whose cluster loses its coordinator (or that is downed) replaces its node with a new one that
    /// joins the seeds again: a restarted coordinator founds a new cluster, which the old node can never join.
    /// </summary>
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter stdout, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var settings = NodeSettings.Load(configuration);
        PortCheck.Cluster(settings.Cluster.Hostname, settings.Cluster.Port);
        PortCheck.Http(settings.Worker.Http, "--http");
        var totals = new NodeTotals();
        var backoff = new RejoinBackoff(settings.Cluster.RejoinAfter);
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            var rejoin = await RunNodeAsync(configuration, settings, stdout, totals, cancellation).ConfigureAwait(false);
            if (rejoin is null || cancellation.IsCancellationRequested) break;
            var wait = backoff.After(Stopwatch.GetElapsedTime(started));
            var when = wait > TimeSpan.Zero ? $"in {wait.TotalSeconds:0} s" : "now";
            await stdout.WriteLineAsync($"hpo worker: {rejoin}; joining {string.Join(", ", settings.Cluster.Seeds)} again with a new node {when}").ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(wait, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await stdout.WriteLineAsync($"hpo worker: left the cluster; {totals.HandedBack} rungs handed back, " +
            $"{totals.Epochs} epochs trained here ({totals.Retrained} of them again)").ConfigureAwait(false);
        return 0;
    }

    /// <summary>What the nodes of this process did, added up over its rejoins.</summary>
    private sealed class NodeTotals
    {
        public long HandedBack { get; set; }
        public long Epochs { get; set; }
        public long Retrained { get; set; }
        public int Nodes { get; set; }
    }

    /// <summary>Why a node's actor system stopped by itself (the process did not ask it to).</summary>
    private static string StopReason(ActorSystem system) =>
        // Akka.Remote's reason for a failed TLS handshake is internal: it is known by its name.
        CoordinatedShutdown.Get(system).ShutdownReason?.GetType().Name == "TlsHandshakeFailureReason"
            ? "the cluster port's TLS handshake with a peer failed, so this node stopped: its certificate and the cluster's differ " +
              "(Hpo:Cluster:Certificate; the 'Cluster TLS' or 'TLS handshake failed' lines above name them)"
            : "this node was removed from the cluster (downed)";

    /// <summary>One cluster node, from its start to its stop; returns why it must be replaced, or null when the process stops.</summary>
    private static async Task<string?> RunNodeAsync(IConfiguration configuration, NodeSettings settings, TextWriter stdout,
        NodeTotals totals, CancellationToken cancellation)
    {
        var rejoin = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(settings.Worker.Http);
        builder.Services.AddHpoMetrics(HpoRoles.Worker);
        HpoLogging.Configure(builder.Logging, LogLevel.Warning);
        builder.Services.AddHpoSettings(configuration);
        builder.Services.AddAkka(settings.Cluster.SystemName, akka =>
        {
            akka.ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = HpoLogging.ForAkka(LogLevel.Warning);
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .WithHpoCluster(settings.Cluster, HpoRoles.Worker)
                .WithHpoWorker(settings.Worker, settings.DataDirectory, settings.Storage);
            // A worker that founded its cluster has nowhere else to go: only one with seeds rejoins.
            if (settings.Cluster.Seeds.Count > 0)
                akka.WithCoordinatorWatch(settings.Cluster.RejoinAfter, reason => rejoin.TrySetResult(reason));
        });

        await using var host = builder.Build();
        host.MapNodeEndpoints();
        try
        {
            // The checkpoint store is checked before the node joins the cluster: an unusable database is one line and exit code 2.
            await WorkerHosting.CheckCheckpointStoreAsync(host.Services, cancellation).ConfigureAwait(false);
            await host.StartAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // SIGTERM while the node was starting (a pod stopped during a rejoin): what started stops, and the process leaves.
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        catch (InvalidOperationException) when (!cancellation.IsCancellationRequested && host.Services.GetService<ActorSystem>() is not null)
        {
            // A refused TLS handshake shuts the actor system down while the host is still creating its actors.
            var early = host.Services.GetRequiredService<ActorSystem>();
            var ended = await Task.WhenAny(early.WhenTerminated, Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None)).ConfigureAwait(false);
            if (ended != early.WhenTerminated) throw;
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return StopReason(early);
        }
        if (totals.Nodes++ == 0)
        {
            var seeds = settings.Cluster.Seeds.Count > 0 ? "joining " + string.Join(", ", settings.Cluster.Seeds) : "founding a cluster";
            var http = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? settings.Worker.Http;
            await stdout.WriteLineAsync($"hpo worker: {(settings.Worker.Simulate ? "simulating" : "training")} with {settings.Worker.Slots} slots, " +
                $"data in {settings.DataDirectory}, {seeds}; metrics at {http}{HpoTelemetry.MetricsPath}").ConfigureAwait(false);
            if (settings.Worker.Simulate)
                await stdout.WriteLineAsync("hpo worker: simulated results are accepted only by a coordinator started with " +
                    "Hpo:Coordinator:AcceptSimulatedWorkers (scale tests); any other gives this node no trials").ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        var system = host.Services.GetRequiredService<ActorSystem>();
        var stopped = Task.Delay(Timeout.Infinite, cancellation);
        var downed = system.WhenTerminated;
        var first = await Task.WhenAny(stopped, rejoin.Task, downed).ConfigureAwait(false);
        string? reason = first == rejoin.Task ? rejoin.Task.Result
            : first == downed && !cancellation.IsCancellationRequested ? StopReason(system)
            : null;

        var runtime = WorkerRuntime.Of(system);
        using var stopping = new CancellationTokenSource(settings.Worker.DrainTimeout + TimeSpan.FromSeconds(60));
        await host.StopAsync(stopping.Token).ConfigureAwait(false);
        if (runtime is not null)
        {
            totals.HandedBack += runtime.HandedBack;
            totals.Epochs += runtime.Metrics.EpochsTrained;
            totals.Retrained += runtime.Metrics.EpochsRetrained;
        }
        return reason;
    }
}
