using Hpo.Cli;
using Hpo.Coordinator.Hosting;
using Hpo.Worker.Cluster;
using Hpo.Worker.Hosting;

namespace Hpo.Coordinator.Tests.Cli;

/// <summary>`hpo submit --wait` against a coordinator whose sweep gives no answer, or which goes away: one line, non-zero.</summary>
[Trait("Category", "Integration")]
public sealed class SubmitWaitFaultTests
{
    // Simulated epochs of 100 ms: the sweep runs for tens of seconds, long enough to act on it mid-way.
    private const string SlowSweep = """
        name: slow
        seed: 1
        data: {dataset: iris, validation: 0.2}
        objective: val_accuracy
        model: {layers: 1, units: {choice: [8, 16]}}
        training: {learning_rate: {loguniform: [1.0e-3, 1.0e-1]}, max_epochs: 50}
        search: {sampler: random, scheduler: fifo, max_trials: 20}
        """;

    private static Task<CoordinatorServer> StartAsync(TempDir dir) => CoordinatorServer.StartAsync(new CoordinatorNodeSettings
    {
        Node = new NodeSettings
        {
            DataDirectory = Path.Combine(dir.Path, "data"),
            Worker = new WorkerOptions { Slots = 1, Simulate = true, SimulateEpochMs = 100 },
        },
        Coordinator = new CoordinatorOptions { Http = "http://127.0.0.1:0", Train = true },
    }, CancellationToken.None);

    /// <summary>Runs submit --wait in the background; <see cref="Submitted"/> completes once it printed the sweep's id.</summary>
    private sealed class Submit
    {
        private readonly TaskCompletionSource<string> _submitted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Submit(string spec, string api, CoordinatorLink link)
        {
            var stdout = new LineWatcher(line =>
            {
                if (line.StartsWith("submitted sweep ", StringComparison.Ordinal)) _submitted.TrySetResult(line.Split(' ')[2].TrimEnd(':'));
            });
            Run = Task.Run(async () =>
            {
                int code = await UserErrorsRun(() => SubmitCommand.RunAsync(spec, api, wait: true, json: false, stdout, Stderr, CancellationToken.None, link: link));
                _submitted.TrySetResult("(none)");
                return code;
            });
        }

        private Task<int> UserErrorsRun(Func<Task<int>> action) => Hpo.Node.CommandLine.UserErrors.RunAsync(action, Stderr);

        public StringWriter Stderr { get; } = new();

        public Task<string> Submitted => _submitted.Task;

        public Task<int> Run { get; }
    }

    private sealed class LineWatcher(Action<string> onLine) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null) onLine(value);
        }
    }

    [Fact]
    public async Task A_sweep_cancelled_while_waiting_exits_3_with_one_line()
    {
        using var dir = new TempDir();
        await using var server = await StartAsync(dir);
        var submit = new Submit(dir.Write("slow.yaml", SlowSweep), server.Url, new CoordinatorLink());
        var id = await submit.Submitted;

        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        using (var cancelled = await http.DeleteAsync($"sweeps/{id}")) Assert.True(cancelled.IsSuccessStatusCode);

        Assert.Equal(SweepVerdict.NoAnswerExitCode, await submit.Run);
        Assert.Equal($"error: sweep {id} was cancelled; its trials so far are kept (hpo trials {id})", submit.Stderr.ToString().Trim());
    }

    [Fact]
    public async Task A_coordinator_lost_while_waiting_is_retried_then_one_line_and_exit_4()
    {
        using var dir = new TempDir();
        var server = await StartAsync(dir);
        var url = server.Url;
        var submit = new Submit(dir.Write("slow.yaml", SlowSweep), url, new CoordinatorLink { Patience = TimeSpan.FromSeconds(2), Pause = TimeSpan.FromMilliseconds(200) });
        var id = await submit.Submitted;

        await server.DisposeAsync();

        Assert.Equal(CoordinatorLostException.ExitCode, await submit.Run);
        var line = submit.Stderr.ToString().Trim();
        Assert.Single(line.Split('\n'));
        Assert.Matches($@"^error: lost the coordinator at {System.Text.RegularExpressions.Regex.Escape(url)}: connection refused \([0-9]+ tries in 2 s\); " +
                       $@"the sweep {id} continues there if it comes back: hpo status --api {System.Text.RegularExpressions.Regex.Escape(url)}$", line);
        int tries = int.Parse(System.Text.RegularExpressions.Regex.Match(line, @"\(([0-9]+) tries").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(tries >= 2, line);
    }
}
