using System.CommandLine;
using System.Diagnostics;
using Akka.Actor;
using Hpo.Coordinator.Archive;
using Hpo.Coordinator.Cluster;
using Hpo.Coordinator.Hosting;
using Hpo.Coordinator.Persistence;
using Hpo.Node.CommandLine;
using Hpo.Node.Hosting;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search.State;
using Hpo.Sweeps.Specs;
using Hpo.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Hpo.Cli;

/// <summary>
/// `hpo run SWEEP.yaml`: a one-process cluster with both roles and a SQLite journal under the data directory
/// runs the sweep, with live progress, then prints the leaderboard (and with --json the outcome's JSON line).
/// `--resume` follows the latest sweep of that spec in the data directory's journal instead of starting one.
/// </summary>
public static class RunCommand
{
    /// <summary>The <c>run</c> command.</summary>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var spec = new Argument<FileInfo>("sweep") { Description = "the sweep spec (YAML or JSON)" };
        var json = new Option<bool>("--json") { Description = "end the output with one JSON line of the outcome" };
        var saveBest = new Option<FileInfo>("--save-best") { Description = "write the best trial's model to this file (hpo predict reads it)" };
        var resume = new Option<bool>("--resume") { Description = "continue the latest sweep of this spec from the journal" };
        var flags = new SettingFlags()
            .WithDataDirectory("where the database and checkpoints live (default .hpo)")
            .WithWorker()
            .WithStorage();
        var command = flags.AddTo(new Command("run", "Run a sweep in this process (coordinator and workers together)") { spec, json, resume, saveBest });
        command.SetAction((result, cancellation) => UserErrors.RunAsync(() => RunAsync(new RunRequest
        {
            SpecPath = result.GetValue(spec)!.FullName,
            Json = result.GetValue(json),
            SaveBest = result.GetValue(saveBest)?.FullName,
            Resume = result.GetValue(resume),
            Configuration = HpoConfiguration.Build(flags.Values(result)),
        }, stdout, stderr, cancellation), stderr));
        return command;
    }

    /// <summary>What <c>hpo run</c> was asked to do.</summary>
    public sealed record RunRequest
    {
        /// <summary>The sweep spec's file.</summary>
        public required string SpecPath { get; init; }

        /// <summary>End with the outcome's JSON line.</summary>
        public bool Json { get; init; }

        /// <summary>Where to write the best trial's model file (null: nowhere).</summary>
        public string? SaveBest { get; init; }

        /// <summary>Continue the latest sweep of this spec instead of starting one.</summary>
        public bool Resume { get; init; }

        /// <summary>The one configuration (data directory, worker side, database).</summary>
        public required IConfiguration Configuration { get; init; }
    }

    /// <summary>Runs (or resumes) the sweep of <paramref name="request"/> to its end.</summary>
    public static async Task<int> RunAsync(RunRequest request, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sweep = SweepSpecParser.ParseFile(request.SpecPath);
        // A new sweep's data is checked before it is journaled; a resumed one was checked when it began.
        if (!request.Resume) DataPreflight.Check(sweep);
        var specText = await File.ReadAllTextAsync(request.SpecPath, cancellation);
        var node = NodeSettings.Load(request.Configuration);
        // Other unfinished sweeps of the data directory stay held: this run trains the sweep it is given.
        var settings = new CoordinatorNodeSettings
        {
            Node = node,
            Coordinator = new CoordinatorOptions { Train = true },
            Registry = new SweepRegistryOptions { HoldRecoveredSweeps = true },
        };
        var journal = settings.Journal;
        await JournalProbe.CheckAtStartAsync(journal, TimeSpan.FromSeconds(10), cancellation);
        using var writer = DataDirectoryLock.Acquire(journal, "hpo run");
        await stdout.WriteLineAsync($"hpo run: {Path.GetFileName(request.SpecPath)} with {node.Worker.Slots} slots" +
                                    $"{(node.Worker.Simulate ? " (simulated training)" : "")}, journal {journal.Describe()}");

        using var host = new HostBuilder()
            .ConfigureLogging(l => HpoLogging.Configure(l, settings.LogLevel))
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
                await registry.Ask<object>(new ResumeSweep(id), TimeSpan.FromSeconds(30), cancellation);
            }
            else
            {
                var answer = await registry.Ask<object>(new SubmitSweep(specText, request.SpecPath,
                    Path.GetDirectoryName(request.SpecPath))
                { Spec = sweep }, TimeSpan.FromSeconds(30), cancellation);
                id = answer switch
                {
                    SweepAccepted a => a.SweepId,
                    SweepRejected r => throw new UsageException(r.Message),
                    _ => throw new InvalidOperationException($"unexpected answer {answer}"),
                };
            }

            await NameHeldSweepsAsync(registry, id, journal, stderr, cancellation);
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
            // The model the winner's objective describes, unless none is stored (told after the leaderboard).
            string? notSaved = null;
            if (request.SaveBest is { } target && status.Best is not null)
            {
                var best = await registry.Ask<BestTrial>(new GetBestTrial(id), TimeSpan.FromSeconds(30), cancellation);
                notSaved = best.NotStored;
                if (notSaved is null && best.Trial is int trial)
                    await SaveBestAsync(host.Services, id, trial, best, status.BestRefit, target, stderr, cancellation);
            }
            stdout.WriteLine();
            SweepReport.WriteLeaderboard(stdout, status);
            if (request.Json) stdout.WriteLine(SweepReport.Json(status, seconds).ToJsonString());
            var failed = status.ByStatus.GetValueOrDefault(TrialStatus.Failed) > 0 ? await FirstErrorAsync(registry, status) : null;
            if (SweepVerdict.Of(status, failed) is { } failure)
            {
                await stderr.WriteLineAsync($"error: {failure.Message}");
                return failure.ExitCode;
            }
            if (notSaved is not null) throw new UsageException($"--save-best wrote nothing: {notSaved}");
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

    /// <summary>
    /// Writes the sweep's model, from the checkpoint store its workers wrote, to <paramref name="path"/>: the refit of
    /// the best trial's configuration when there is one (search.refit), else the best trial's own at its objective epoch.
    /// </summary>
    private static async Task SaveBestAsync(IServiceProvider services, string id, int trial, BestTrial best, RefitFigures? refit,
        string path, TextWriter stderr, CancellationToken cancellation)
    {
        var runtime = Worker.Cluster.WorkerRuntime.Of(services.GetRequiredService<ActorSystem>())
            ?? throw new InvalidOperationException("this process runs no worker");
        var key = BestModelKey.Of(id, trial, best.Source);
        var checkpoint = await runtime.Checkpoints.LoadAsync(key, cancellation)
            ?? throw new UsageException($"{BestModelKey.Describe(trial, best.Source, best.ModelEpoch)} of sweep {id} has no stored model to save");
        try
        {
            var directory = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            await File.WriteAllBytesAsync(path, checkpoint.Data, cancellation);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--save-best: cannot write {path}: {e.Message}");
        }
        await stderr.WriteLineAsync(best.Source switch
        {
            ModelSource.Refit => $"saved the refit model of the best trial ({trial}; training + validation, {refit?.Epochs} epochs) to {path}",
            ModelSource.ObjectiveEpoch => $"saved the model of the best trial ({trial}) at its objective epoch ({best.ModelEpoch}) to {path}",
            _ => $"saved the model of the best trial ({trial}) to {path}",
        });
    }

    /// <summary>One line naming the data directory's other unfinished sweeps, which this run leaves paused.</summary>
    private static async Task NameHeldSweepsAsync(IActorRef registry, string id, JournalDatabase journal, TextWriter stderr, CancellationToken cancellation)
    {
        var list = await registry.Ask<SweepList>(new ListSweeps(), TimeSpan.FromSeconds(30), cancellation);
        var held = list.Sweeps.Where(s => s.Id != id && s.State == SweepRunState.Running).Select(s => s.Id).ToArray();
        if (held.Length > 0)
            await stderr.WriteLineAsync($"{journal.Describe()} holds {held.Length} other unfinished sweep{(held.Length == 1 ? "" : "s")}, left paused: " +
                                        $"{string.Join(", ", held)} (hpo run SPEC --resume continues the latest of a spec; hpo status lists them)");
    }

    private static async Task<string?> FirstErrorAsync(IActorRef registry, SweepStatus status)
    {
        for (int t = 0; t < status.Trials; t++)
        {
            if (await registry.Ask<object>(new GetTrial(status.Id, t), TimeSpan.FromSeconds(10)) is TrialDetail { Error: { } error })
                return $"trial {t}: {error}";
        }
        return null;
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

        var cadence = new ProgressCadence();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = await Poll();
            if (cadence.ShouldPrint(status, clock.Elapsed)) stdout.WriteLine(SweepReport.Line(status, rate.PerSecond));
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
