using System.Text.Json.Nodes;
using Hpo.Cli;
using Hpo.Node.Hosting;

namespace Hpo.Coordinator.Tests.Cli;

/// <summary>`hpo run` in a data directory that holds another, interrupted sweep trains the sweep it is given only.</summary>
[Trait("Category", "Integration")]
public sealed class RunOnlyItsSweepTests
{
    private const string Long = """
        name: a
        seed: 1
        data: {dataset: digits, validation: 0.2}
        objective: val_accuracy
        model: {layers: 2, units: 256}
        training: {learning_rate: {loguniform: [1.0e-3, 1.0e-1]}, batch_size: 32, max_epochs: 2000}
        search: {sampler: random, scheduler: fifo, max_trials: 4}
        """;

    private const string Short = """
        name: b
        seed: 2
        data: {dataset: iris, validation: 0.2}
        objective: val_accuracy
        model: {layers: 1, units: 8}
        training: {learning_rate: 0.05, max_epochs: 5}
        search: {sampler: random, scheduler: fifo, max_trials: 2}
        """;

    private static async Task<JsonNode> Sweep(string data, string id)
    {
        var status = await CliRun.Of("status", "--data-dir", data, "--json");
        Assert.True(status.ExitCode == 0, status.Stderr);
        return JsonNode.Parse(status.Stdout)!.AsArray().Single(s => (string?)s!["id"] == id)!;
    }

    [Fact]
    public async Task Run_b_trains_only_b_names_the_interrupted_a_once_and_a_resumes_where_it_stopped()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "state");
        var a = dir.Write("a.yaml", Long);

        // a is interrupted (Ctrl+C) once it has trained some epochs.
        using (var interrupt = new CancellationTokenSource())
        {
            var run = RunCommand.RunAsync(new RunCommand.RunRequest
            {
                SpecPath = a,
                Configuration = HpoConfiguration.Build(new Dictionary<string, string?> { ["Hpo:DataDirectory"] = data, ["Hpo:Worker:Slots"] = "1" }),
            }, TextWriter.Null, TextWriter.Null, interrupt.Token);
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!run.IsCompleted)
            {
                Assert.True(DateTime.UtcNow < deadline, "sweep a never got going");
                var status = await CliRun.Of("status", "--data-dir", data, "--json");
                if (status.ExitCode == 0 && JsonNode.Parse(status.Stdout)!.AsArray().Any(s => (long)s!["epochs_total"]! >= 20)) break;
                await Task.Delay(200);
            }
            interrupt.Cancel();
            Assert.Equal(130, await run);
        }
        var before = await Sweep(data, "a");
        Assert.Equal("running", (string?)before["state"]);
        long aEpochs = (long)before["epochs_total"]!;
        Assert.True(aEpochs > 0);

        var b = await CliRun.Of("run", dir.Write("b.yaml", Short), "--data-dir", data, "--slots", "1", "--json");

        Assert.True(b.ExitCode == 0, b.Stderr);
        Assert.Equal("b", (string?)JsonNode.Parse(b.LastLine)!["sweep"]);
        Assert.Equal(1, b.Stderr.Split('\n').Count(l => l.Contains("left paused: a ", StringComparison.Ordinal)));
        var after = await Sweep(data, "a");
        Assert.Equal("running", (string?)after["state"]);
        Assert.Equal(aEpochs, (long)after["epochs_total"]!);
        Assert.Equal("finished", (string?)(await Sweep(data, "b"))["state"]);
    }
}
