using System.CommandLine;
using System.Diagnostics;
using Akka.Actor;
using Hpo.Coordinator.Cluster;
using Hpo.Coordinator.Persistence;
using Hpo.Coordinator.Specs;
using Hpo.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Hpo.Coordinator.Cli;

/// <summary>
/// `hpo run SWEEP.yaml`: a one-process cluster with both roles and a SQLite journal under the data directory
/// runs the sweep, with live progress, then prints the leaderboard (and with --json the outcome's JSON line).
/// `--resume` follows the latest sweep of that spec in the data directory's journal instead of starting one.
/// </summary>
public static class RunCommand
{
    public const string DefaultDataDirectory = ".hpo";

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var spec = new Argument<FileInfo>("sweep") { Description = "the sweep spec (YAML or JSON)" };
        var dataDir = new Option<string>("--data-dir") { Description = "where the journal and checkpoints live", DefaultValueFactory = _ => DefaultDataDirectory };
        var slots = new Option<int?>("--slots") { Description = "trainings at once (default: the core count)" };
        var json = new Option<bool>("--json") { Description = "end the output with one JSON line of the outcome" };
        var resume = new Option<bool>("--resume") { Description = "continue the latest sweep of this spec from the journal" };
        var simulate = new Option<bool>("--simulate") { Description = "train surrogate learning curves instead of models (scale tests)" };
        var epochMs = new Option<int>("--simulate-epoch-ms") { Description = "with --simulate: milliseconds each epoch takes (default 0)" };
        var command = new Command("run", "Run a sweep in this process (coordinator and workers together)") { spec, dataDir, slots, json, resume, simulate, epochMs };
        command.SetAction((result, cancellation) => UserErrors.RunAsync(() => RunAsync(new RunRequest
        {
            SpecPath = result.GetValue(spec)!.FullName,
            DataDirectory = result.GetValue(dataDir)!,
            Slots = result.GetValue(slots),
            Json = result.GetValue(json),
            Resume = result.GetValue(resume),
            Simulate = result.GetValue(simulate),
            SimulateEpochMs = result.GetValue(epochMs),
        }, stdout, stderr, cancellation), stderr));
        return command;
    }

    public sealed record RunRequest
    {
        public required string SpecPath { get; init; }
        public string DataDirectory { get; init; } = DefaultDataDirectory;
        public int? Slots { get; init; }
        public bool Json { get; init; }
        public bool Resume { get; init; }

        /// <summary>Workers follow surrogate curves instead of training (<see cref="WorkerOptions.Simulate"/>).</summary>
        public bool Simulate { get; init; }
        public int SimulateEpochMs { get; init; }
    }

    public static async Task<int> RunAsync(RunRequest request, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        if (request.Slots is < 1) throw new UsageException("--slots must be at least 1");
        if (request.SimulateEpochMs < 0) throw new UsageException("--simulate-epoch-ms must not be negative");
        if (request.SimulateEpochMs > 0 && !request.Simulate) throw new UsageException("--simulate-epoch-ms needs --simulate");
        var sweep = SweepSpecParser.ParseFile(request.SpecPath);
        var specText = await File.ReadAllTextAsync(request.SpecPath, cancellation);
        var journal = new JournalSettings { DataDirectory = Path.GetFullPath(request.DataDirectory) };
        await JournalProbe.CheckAsync(journal, TimeSpan.FromSeconds(10), cancellation);

        var settings = new CoordinatorNodeSettings
        {
            Journal = journal,
            Worker = new WorkerOptions
            {
                Slots = request.Slots ?? Environment.ProcessorCount,
                DataDirectory = Directory.GetCurrentDirectory(),
                CheckpointDirectory = Path.Combine(journal.DataDirectory, "checkpoints"),
                Simulate = request.Simulate,
                SimulateEpochMs = request.SimulateEpochMs,
            },
        };
        using var host = new HostBuilder()
            .ConfigureLogging(l => CoordinatorNode.ConfigureLogging(l, settings.LogLevel))
            .ConfigureServices(s => CoordinatorNode.AddAkka(s, settings))
            .Build();
        var clock = Stopwatch.StartNew();
        await host.StartAsync(cancellation);
        try
        {
            var registry = await CoordinatorNode.RegistryAsync(host.Services, TimeSpan.FromSeconds(60), cancellation);
            string id;
            if (request.Resume)
            {
                id = await LatestAsync(registry, sweep, request.SpecPath, cancellation)
                     ?? throw new UsageException($"no sweep of {request.SpecPath} to resume in {journal.DataDirectory}");
                stderr.WriteLine($"resuming sweep {id} from {journal.Describe()}");
            }
            else
            {
                var answer = await registry.Ask<object>(new SubmitSweep(specText, request.SpecPath,
                    Path.GetDirectoryName(request.SpecPath)), TimeSpan.FromSeconds(30), cancellation);
                id = answer switch
                {
                    SweepAccepted a => a.SweepId,
                    SweepRejected r => throw new UsageException(r.Message),
                    _ => throw new InvalidOperationException($"unexpected answer {answer}"),
                };
            }

            SweepStatus status;
            try
            {
                status = await FollowAsync(registry, id, stdout, cancellation);
            }
            catch (OperationCanceledException)
            {
                stderr.WriteLine($"interrupted: sweep {id} is kept in {journal.DataDirectory}; continue it with --resume");
                return 130;
            }
            double seconds = clock.Elapsed.TotalSeconds;
            stdout.WriteLine();
            SweepReport.WriteLeaderboard(stdout, status);
            if (request.Json) stdout.WriteLine(SweepReport.Json(status, seconds).ToJsonString());
            if (status.State == "broken") throw new UsageException($"sweep {id}: {status.Error}");
            if (status.Best is null && status.ByStatus.GetValueOrDefault("failed") > 0)
            {
                stderr.WriteLine($"error: every trial failed; the first: {await FirstErrorAsync(registry, status)}");
                return UserErrors.ExitCode;
            }
            return 0;
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(stopping.Token);
        }
    }

    /// <summary>The newest sweep named after this spec (its slug, or slug-N).</summary>
    private static async Task<string?> LatestAsync(IActorRef registry, SweepSpec spec, string path, CancellationToken cancellation)
    {
        var slug = SweepRegistry.Slug(spec.Name ?? Path.GetFileNameWithoutExtension(path));
        var list = await registry.Ask<SweepList>(new ListSweeps(), TimeSpan.FromSeconds(30), cancellation);
        return list.Sweeps
            .Where(s => s.Id == slug || (s.Id.StartsWith(slug + "-", StringComparison.Ordinal) && s.Id[(slug.Length + 1)..].All(char.IsAsciiDigit)))
            .OrderBy(s => s.SubmittedAt).LastOrDefault()?.Id;
    }

    private static async Task<string> FirstErrorAsync(IActorRef registry, SweepStatus status)
    {
        for (int t = 0; t < status.Trials; t++)
        {
            if (await registry.Ask<object>(new GetTrial(status.Id, t), TimeSpan.FromSeconds(10)) is TrialDetail { Error: { } error })
                return $"trial {t}: {error}";
        }
        return "no error recorded";
    }

    /// <summary>Polls the sweep until it is over, showing progress: a live panel on a terminal, plain lines otherwise.</summary>
    public static async Task<SweepStatus> FollowAsync(IActorRef registry, string id, TextWriter stdout, CancellationToken cancellation)
    {
        var rate = new EpochRate();
        async Task<SweepStatus> Poll()
        {
            var answer = await registry.Ask<object>(new GetSweep(id, 10), TimeSpan.FromSeconds(30), cancellation);
            var status = answer as SweepStatus ?? throw new UsageException($"sweep {id}: {answer}");
            rate.Add(status.EpochsTotal);
            return status;
        }

        bool live = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (live)
        {
            var status = await Poll();
            await AnsiConsole.Live(SweepReport.Panel(status, 0)).StartAsync(async ctx =>
            {
                while (!status.IsOver)
                {
                    await Task.Delay(250, cancellation);
                    status = await Poll();
                    ctx.UpdateTarget(SweepReport.Panel(status, rate.PerSecond));
                }
            });
            return status;
        }

        string last = "";
        var shown = Stopwatch.StartNew();
        while (true)
        {
            var status = await Poll();
            var line = SweepReport.Line(status, rate.PerSecond);
            if (status.IsOver || (line != last && shown.Elapsed >= TimeSpan.FromSeconds(1)))
            {
                stdout.WriteLine(line);
                last = line;
                shown.Restart();
            }
            if (status.IsOver) return status;
            await Task.Delay(200, cancellation);
        }
    }

    /// <summary>Epochs per second over the last few seconds of polls.</summary>
    private sealed class EpochRate
    {
        private readonly Queue<(TimeSpan At, long Epochs)> _samples = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public double PerSecond { get; private set; }

        public void Add(long epochs)
        {
            var now = _clock.Elapsed;
            _samples.Enqueue((now, epochs));
            while (_samples.Count > 2 && now - _samples.Peek().At > TimeSpan.FromSeconds(5)) _samples.Dequeue();
            var (at, first) = _samples.Peek();
            double span = (now - at).TotalSeconds;
            PerSecond = span > 0 ? (epochs - first) / span : 0;
        }
    }
}
