using System.CommandLine;
using Hpo.Coordinator.Api;
using Hpo.Coordinator.Persistence;
using Hpo.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Hpo.Coordinator.Cli;

/// <summary>
/// `hpo serve`: the coordinator process of a cluster (the sweep registry, the journal, the HTTP API); with
/// `--worker` it trains too. The journal is a SQLite file under the data directory unless `--journal` gives a
/// PostgreSQL connection string (or HPO__JOURNAL__CONNECTIONSTRING does).
/// </summary>
public static class ServeCommand
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var http = new Option<string>("--http") { Description = "the API's address (loopback by default)", DefaultValueFactory = _ => DefaultUrl };
        var dataDir = new Option<string>("--data-dir") { Description = "the journal (SQLite), checkpoints, and the only place sweeps may read files from", DefaultValueFactory = _ => RunCommand.DefaultDataDirectory };
        var journal = new Option<string?>("--journal") { Description = "a PostgreSQL connection string for the journal (default: SQLite under --data-dir)" };
        var hostname = new Option<string>("--hostname") { Description = "the cluster address to bind", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "the cluster port (0: any free port)", DefaultValueFactory = _ => 4053 };
        var seeds = new Option<string[]>("--seed") { Description = "a seed node to join (repeatable; none: found a cluster)", AllowMultipleArgumentsPerToken = false };
        var worker = new Option<bool>("--worker") { Description = "train in this process too" };
        var slots = new Option<int?>("--slots") { Description = "with --worker: trainings at once (default: the core count)" };
        var simulate = new Option<bool>("--simulate") { Description = "with --worker: train surrogate learning curves instead of models (scale tests)" };
        var epochMs = new Option<int>("--simulate-epoch-ms") { Description = "with --simulate: milliseconds each epoch takes (default 0)" };
        var command = new Command("serve", "Run a coordinator (and with --worker a worker) with the HTTP API")
        {
            http, dataDir, journal, hostname, port, seeds, worker, slots, simulate, epochMs,
        };
        command.SetAction((result, cancellation) => UserErrors.RunAsync(async () =>
        {
            var settings = Settings(result.GetValue(dataDir)!, result.GetValue(journal) ?? Environment.GetEnvironmentVariable("HPO__JOURNAL__CONNECTIONSTRING"),
                result.GetValue(hostname)!, result.GetValue(port), result.GetValue(seeds) ?? [], result.GetValue(worker), result.GetValue(slots),
                result.GetValue(simulate), result.GetValue(epochMs));
            await using var server = await StartAsync(settings, result.GetValue(http)!, cancellation);
            stdout.WriteLine($"hpo coordinator: API on {server.Url}, journal {settings.Journal.Describe()}" +
                             (settings.Worker is { } w ? $", {(w.Simulate ? "simulating" : "training")} with {w.Slots} slots" : ""));
            stdout.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellation);
            }
            catch (OperationCanceledException)
            {
            }
            return 0;
        }, stderr));
        return command;
    }

    public static CoordinatorNodeSettings Settings(string dataDirectory, string? postgres, string hostname, int port,
        IReadOnlyList<string> seeds, bool worker, int? slots, bool simulate = false, int simulateEpochMs = 0)
    {
        if (slots is < 1) throw new UsageException("--slots must be at least 1");
        if (simulate && !worker) throw new UsageException("--simulate needs --worker (it is how this process trains)");
        if (simulateEpochMs < 0) throw new UsageException("--simulate-epoch-ms must not be negative");
        if (simulateEpochMs > 0 && !simulate) throw new UsageException("--simulate-epoch-ms needs --simulate");
        var data = Path.GetFullPath(dataDirectory);
        return new CoordinatorNodeSettings
        {
            Journal = new JournalSettings { DataDirectory = data, PostgresConnectionString = string.IsNullOrWhiteSpace(postgres) ? null : postgres },
            Cluster = new HpoClusterOptions { Hostname = hostname, Port = port, Seeds = seeds.ToList() },
            Worker = worker
                ? new WorkerOptions
                {
                    Slots = slots ?? Environment.ProcessorCount, DataDirectory = data, CheckpointDirectory = Path.Combine(data, "checkpoints"),
                    Simulate = simulate, SimulateEpochMs = simulateEpochMs,
                }
                : null,
        };
    }

    /// <summary>A running coordinator: its web application and the API's address.</summary>
    public sealed class Server(WebApplication app, string url) : IAsyncDisposable
    {
        public WebApplication App { get; } = app;
        public string Url { get; } = url;
        public IServiceProvider Services => App.Services;

        public async ValueTask DisposeAsync()
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await App.StopAsync(stopping.Token);
            await App.DisposeAsync();
        }
    }

    /// <summary>Checks the journal, then starts the cluster member and the API (port 0 in the URL: any free port).</summary>
    public static async Task<Server> StartAsync(CoordinatorNodeSettings settings, string url, CancellationToken cancellation)
    {
        await JournalProbe.CheckAsync(settings.Journal, TimeSpan.FromSeconds(10), cancellation);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(url);
        CoordinatorNode.ConfigureLogging(builder.Logging, settings.LogLevel);
        CoordinatorNode.AddAkka(builder.Services, settings);
        var app = builder.Build();
        app.MapHpoApi(new ApiOptions
        {
            DataDirectory = settings.Journal.DataDirectory,
            CheckpointDirectory = settings.CheckpointDirectory,
            Journal = settings.Journal,
        });
        await app.StartAsync(cancellation);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? url;
        return new Server(app, address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }
}
