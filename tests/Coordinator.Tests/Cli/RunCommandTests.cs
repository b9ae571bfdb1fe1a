using System.Text.Json.Nodes;
using Hpo.Cli;

using Hpo.Node.Hosting;

namespace Hpo.Coordinator.Tests.Cli;

/// <summary>`hpo run` end to end, in this process: a one-process cluster, the SQLite journal, real training on iris.</summary>
[Trait("Category", "Integration")]
public sealed class RunCommandTests
{
    public const string IrisSweep = """
        name: iris-asha
        seed: 5
        data: {dataset: iris, validation: 0.2}
        objective: val_accuracy
        model: {layers: 1, units: {choice: [8, 16]}}
        training:
          learning_rate: {loguniform: [1.0e-3, 1.0e-1]}
          max_epochs: 9
        search: {sampler: random, scheduler: asha, reduction_factor: 3, min_epochs: 1, max_trials: 9}
        """;

    [Fact]
    public async Task The_quick_start_digits_sweep_finds_a_model_of_at_least_097_validation_accuracy_trained_to_27_epochs()
    {
        using var dir = new TempDir();
        var run = await CliRun.Of("run", CliRun.RepositoryFile("examples/digits-asha.yaml"), "--data-dir", Path.Combine(dir.Path, "state"), "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("leaderboard of digits-asha", run.Stdout);
        var json = JsonNode.Parse(run.LastLine)!.AsObject();
        Assert.Equal(27, (int)json["trials"]!);
        double best = (double)json["best"]!["objective"]!;
        Assert.True(best >= 0.97, $"best validation accuracy {best}");
        Assert.Equal(27, (int)json["best"]!["epochs"]!); // the winner trained as far as ASHA takes a trial
    }

    [Fact]
    public async Task Run_finishes_a_sweep_prints_the_leaderboard_and_the_json_line_and_resume_finds_it_done()
    {
        using var dir = new TempDir();
        var spec = dir.Write("iris.yaml", IrisSweep);
        var data = Path.Combine(dir.Path, "state");

        var run = await CliRun.Of("run", spec, "--data-dir", data, "--slots", "2", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("leaderboard of iris-asha", run.Stdout);
        var json = JsonNode.Parse(run.LastLine)!.AsObject();
        Assert.Equal("iris-asha", (string?)json["sweep"]);
        Assert.Equal(9, (int)json["trials"]!);
        Assert.Equal(9, (int)json["completed"]! + (int)json["stopped"]!);
        Assert.Equal(0, (int)json["failed"]!);
        Assert.True((long)json["epochs_total"]! >= 9);
        Assert.True((double)json["seconds"]! > 0);
        var best = json["best"]!.AsObject();
        Assert.InRange((double)best["objective"]!, 0, 1);
        Assert.NotNull(best["config"]!["training.learning_rate"]);
        // The leaderboard's first row is the best trial.
        var firstRow = run.Stdout.Split('\n').First(l => l.TrimStart().StartsWith("1 ", StringComparison.Ordinal));
        Assert.Equal((int)best["trial"]!, int.Parse(firstRow.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
        Assert.True(File.Exists(Path.Combine(data, "journal.db")));

        var resumed = await CliRun.Of("run", spec, "--data-dir", data, "--resume", "--json");

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        var again = JsonNode.Parse(resumed.LastLine)!.AsObject();
        Assert.Equal("iris-asha", (string?)again["sweep"]);
        Assert.Equal((long)json["epochs_total"]!, (long)again["epochs_total"]!);
        Assert.Equal(best.ToJsonString(), again["best"]!.ToJsonString());

        // Without --resume a second run starts a new sweep of the same spec.
        var second = await CliRun.Of("run", spec, "--data-dir", data, "--json");
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal("iris-asha-2", (string?)JsonNode.Parse(second.LastLine)!["sweep"]);
        // Trials train deterministically: the same spec gives the same best result.
        Assert.Equal(best.ToJsonString(), JsonNode.Parse(second.LastLine)!["best"]!.ToJsonString());
    }

    [Fact]
    public async Task With_a_test_split_the_json_line_and_the_leaderboard_carry_the_best_trials_test_figures()
    {
        using var dir = new TempDir();
        var spec = dir.Write("digits.yaml", """
            name: digits-tested
            seed: 3
            data: {dataset: digits, validation: 0.2, test: 0.2}
            objective: val_accuracy
            model: {layers: 1, units: {choice: [32, 64]}}
            training:
              learning_rate: {loguniform: [1.0e-3, 1.0e-2]}
              max_epochs: 9
            search: {sampler: random, scheduler: asha, reduction_factor: 3, min_epochs: 1, max_trials: 4}
            """);
        int testSamples = Hpo.Engine.Data.DataLoader.LoadSplit(new Hpo.Engine.Data.DataOptions { Dataset = "digits", Validation = 0.2, Test = 0.2 }).Test!.Samples;

        var run = await CliRun.Of("run", spec, "--data-dir", Path.Combine(dir.Path, "state"), "--slots", "2", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var best = JsonNode.Parse(run.LastLine)!["best"]!.AsObject();
        var test = best["test"]!.AsObject();
        Assert.Equal(testSamples, (int)test["samples"]!);
        double accuracy = (double)test["accuracy"]!;
        Assert.True(accuracy > 0.5 && accuracy <= 1, $"test accuracy {accuracy}");
        Assert.True((double)test["loss"]! > 0);
        Assert.Equal((int)best["epochs"]!, (int)test["epoch"]!);
        Assert.Contains($"best trial {(int)best["trial"]!} on the test set ({testSamples} samples): accuracy ", run.Stdout);

        // A resumed (recovered) finished sweep shows the journaled figures, without evaluating again.
        var resumed = await CliRun.Of("run", spec, "--data-dir", Path.Combine(dir.Path, "state"), "--resume", "--json");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(test.ToJsonString(), JsonNode.Parse(resumed.LastLine)!["best"]!["test"]!.ToJsonString());

        // hpo train of the best configuration finds the same test figures (trials train deterministically).
        var config = best["config"]!;
        var train = await CliRun.Of("train", dir.Write("best.yaml", $$"""
            name: digits-best
            seed: 3
            data: {dataset: digits, validation: 0.2, test: 0.2}
            objective: val_accuracy
            model: {layers: 1, units: {{(int)config["model.units"]!}}}
            training: {learning_rate: {{((double)config["training.learning_rate"]!).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}, max_epochs: {{(int)best["epochs"]!}}}
            """), "--json");
        Assert.True(train.ExitCode == 0, train.Stderr);
        var trained = JsonNode.Parse(train.LastLine)!["test"]!;
        Assert.Equal(testSamples, (int)trained["samples"]!);
        Assert.Equal((double)trained["accuracy"]!, accuracy, 4);
        Assert.Equal((double)trained["loss"]!, (double)test["loss"]!, 4);

        // Without a test split: no figures, and no line.
        var plain = await CliRun.Of("run", dir.Write("iris.yaml", IrisSweep.Replace("max_trials: 9", "max_trials: 3")),
            "--data-dir", Path.Combine(dir.Path, "state"), "--json");
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        var plainBest = JsonNode.Parse(plain.LastLine)!["best"]!.AsObject();
        Assert.False(plainBest.ContainsKey("test"));
        Assert.False(plainBest.ContainsKey("test_error"));
        Assert.DoesNotContain("on the test set", plain.Stdout);
    }

    [Fact]
    public async Task An_interrupted_run_continues_with_resume()
    {
        using var dir = new TempDir();
        // Longer than the first progress line (a second) takes, so the interruption comes mid-sweep.
        var spec = dir.Write("iris.yaml", IrisSweep.Replace("max_trials: 9", "max_trials: 20").Replace("max_epochs: 9", "max_epochs: 27"));
        var data = Path.Combine(dir.Path, "state");
        using var cancel = new CancellationTokenSource();
        // Interrupt as soon as progress shows some epochs recorded.
        var stdout = new WatchingWriter(line => line.StartsWith("iris-asha: running", StringComparison.Ordinal)
            && !line.Contains("; 0 epochs", StringComparison.Ordinal), cancel);
        var stderr = new StringWriter();

        int code = await RunCommand.RunAsync(new RunCommand.RunRequest
        {
            SpecPath = spec,
            Configuration = HpoConfiguration.Build(new Dictionary<string, string?> { ["Hpo:DataDirectory"] = data, ["Hpo:Worker:Slots"] = "1" }),
        },
            stdout, stderr, cancel.Token);

        Assert.True(code == 130 || code == 0, stderr.ToString());
        var resumed = await CliRun.Of("run", spec, "--data-dir", data, "--resume", "--json");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        var json = JsonNode.Parse(resumed.LastLine)!;
        Assert.Equal("iris-asha", (string?)json["sweep"]);
        Assert.Equal(20, (int)json["trials"]!);
        Assert.Equal(20, (int)json["completed"]! + (int)json["stopped"]!);
        if (code == 130) Assert.Contains("resuming sweep iris-asha", resumed.Stderr);
    }

    [Fact]
    public async Task Resume_without_a_journal_is_refused_with_one_message()
    {
        using var dir = new TempDir();
        var spec = dir.Write("iris.yaml", IrisSweep);
        var run = await CliRun.Of("run", spec, "--data-dir", Path.Combine(dir.Path, "empty"), "--resume");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: no sweep of", run.Stderr);
    }

    private sealed class WatchingWriter(Func<string, bool> trigger, CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && trigger(value)) cancel.Cancel();
        }
    }

    [Fact]
    public async Task Run_with_simulate_finishes_the_sweep_on_surrogate_curves_without_training()
    {
        using var dir = new TempDir();
        // 60 digits trials up to 27 epochs: real training would take minutes on two cores.
        var spec = dir.Write("sim.yaml", """
            name: sim-asha
            seed: 3
            data: {dataset: digits, validation: 0.2}
            objective: val_accuracy
            model: {layers: {int: [1, 4]}, units: {choice: [16, 64, 256]}, dropout: {uniform: [0.0, 0.5]}}
            training:
              learning_rate: {loguniform: [1.0e-4, 1.0e-1]}
              batch_size: {choice: [16, 32, 64, 128]}
              max_epochs: 27
            search: {sampler: random, scheduler: asha, reduction_factor: 3, min_epochs: 1, max_trials: 60}
            """);
        var data = Path.Combine(dir.Path, "state");

        var run = await CliRun.Of("run", spec, "--data-dir", data, "--slots", "4", "--simulate", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = JsonNode.Parse(run.LastLine)!.AsObject();
        Assert.Equal(60, (int)json["trials"]!);
        Assert.Equal(60, (int)json["completed"]! + (int)json["stopped"]! + (int)json["failed"]! + (int)json["diverged"]!);
        Assert.True((long)json["epochs_total"]! >= 60);
        Assert.InRange((double)json["best"]!["objective"]!, 0.5, 1);
        // Nothing was trained: no checkpoint was written.
        var checkpoints = Path.Combine(data, "checkpoints");
        Assert.Empty(Directory.Exists(checkpoints) ? Directory.GetFiles(checkpoints, "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task Simulate_epoch_ms_without_simulate_is_refused()
    {
        using var dir = new TempDir();
        var spec = dir.Write("iris.yaml", IrisSweep);
        var run = await CliRun.Of("run", spec, "--data-dir", Path.Combine(dir.Path, "state"), "--simulate-epoch-ms", "5");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: bad settings: Hpo:Worker:SimulateEpochMs needs Hpo:Worker:Simulate", run.Stderr.Trim());
    }
}
