using System.CommandLine;
using Hpo.Coordinator.Hosting;
using Hpo.Node.CommandLine;
using Hpo.Node.Hosting;
using Microsoft.Extensions.Configuration;

namespace Hpo.Cli;

/// <summary>
/// <c>hpo serve</c>: the coordinator process of a cluster (the sweep registry, the journal, the HTTP API); with
/// <c>--worker</c> it trains too. Every setting comes from the one configuration (<see cref="HpoConfiguration"/>).
/// </summary>
public static class ServeCommand
{
    /// <summary>The cluster port of a coordinator when none is given.</summary>
    public const int DefaultPort = 4053;

    /// <summary>The <c>serve</c> command.</summary>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var flags = new SettingFlags()
            .WithDataDirectory("the database (SQLite), checkpoints, appsettings.json, and the only place sweeps may read files from (default .hpo)")
            .WithCluster()
            .WithStorage()
            .WithWorker();
        flags.Value("--http", "Hpo:Coordinator:Http", $"the API's address (default {CoordinatorOptions.DefaultHttp}, loopback)");
        flags.Switch("--worker", "Hpo:Coordinator:Train", "train in this process too");
        var command = flags.AddTo(new Command("serve", "Run a coordinator (and with --worker a worker) with the HTTP API"));
        command.SetAction((result, cancellation) => UserErrors.RunAsync(
            () => RunAsync(Configuration(flags.Values(result)), stdout, cancellation), stderr));
        return command;
    }

    /// <summary>The configuration of a coordinator: the flags over the one configuration, with the coordinator's default port.</summary>
    public static IConfigurationRoot Configuration(IReadOnlyDictionary<string, string?> flags) =>
        HpoConfiguration.Build(flags, new Dictionary<string, string?> { ["Hpo:Cluster:Port"] = DefaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>Runs a coordinator with <paramref name="configuration"/> until <paramref name="cancellation"/>.</summary>
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter stdout, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var settings = CoordinatorNodeSettings.Load(configuration);
        PortCheck.Cluster(settings.Node.Cluster.Hostname, settings.Node.Cluster.Port);
        PortCheck.Http(settings.Coordinator.Http, "--http");
        await using var server = await CoordinatorServer.StartAsync(settings, cancellation).ConfigureAwait(false);
        var worker = settings.Node.Worker;
        await stdout.WriteLineAsync($"hpo coordinator: API on {server.Url}, journal {settings.Journal.Describe()}" +
                                    (settings.Train ? $", {(worker.Simulate ? "simulating" : "training")} with {worker.Slots} slots" : "")).ConfigureAwait(false);
        await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }
}
