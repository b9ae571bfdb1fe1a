using System.Text.Json.Nodes;
using Hpo.Coordinator.Tests.Integration;

namespace Hpo.Coordinator.Tests.Cli;

/// <summary>
/// A checkpoint directory that breaks while `hpo run` trains (replaced by a file: no process, root included, can
/// write under it): the sweep stops with the cause in one line and exit 3, never a success, and what it recorded is kept.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CheckpointStoreFaultTests
{
    private const string Sweep = """
        name: store
        seed: 5
        data: {dataset: digits, validation: 0.2}
        objective: val_accuracy
        model: {layers: 1, units: 16}
        training: {learning_rate: {loguniform: [1.0e-3, 3.0e-2]}, batch_size: 64, max_epochs: 27}
        search: {sampler: random, scheduler: asha, reduction_factor: 3, min_epochs: 1, max_trials: 200}
        """;

    [Fact]
    public async Task A_checkpoint_directory_that_breaks_mid_run_stops_the_sweep_with_the_cause_and_exit_3_keeping_its_trials()
    {
        using var dir = new TempDir();
        string data = Path.Combine(dir.Path, "data"), checkpoints = Path.Combine(dir.Path, "checkpoints");
        using var run = ClusterProcess.Start("hpo.dll", null, "run", dir.Write("store.yaml", Sweep), "--data-dir", data,
            "--checkpoint-dir", checkpoints, "--slots", "1");
        await Eventually.Until(() => Task.FromResult(Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "*.*", SearchOption.AllDirectories).Any()),
            "the run stored no checkpoint");

        // Moved away in one step while the run writes, then a file where the directory was.
        Directory.Move(checkpoints, checkpoints + ".gone");
        await File.WriteAllTextAsync(checkpoints, "not a directory any more");
        using var timeout = new CancellationTokenSource(LocalCluster.Long);
        await run.WaitForExitAsync(timeout.Token);

        Assert.Equal(3, run.ExitCode);
        var line = Assert.Single(run.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("sweep store", StringComparison.Ordinal));
        Assert.Contains("stopped because the checkpoint store failed (trial ", line, StringComparison.Ordinal);
        Assert.Contains("checkpoint at epoch", line, StringComparison.Ordinal);
        var status = await CliRun.Of("status", "--data-dir", data, "--json");
        Assert.True(status.ExitCode == 0, status.Stderr);
        var sweep = Assert.Single(JsonNode.Parse(status.Stdout)!.AsArray())!;
        Assert.Equal("storage_failed", (string?)sweep["finish_reason"]);
        Assert.Contains("checkpoint at epoch", (string?)sweep["error"], StringComparison.Ordinal);
        Assert.True((int)sweep["by_status"]!["failed"]! >= 1);
        Assert.True((int)sweep["trials"]! < 200, "the sweep ran to its end instead of stopping");
    }
}
