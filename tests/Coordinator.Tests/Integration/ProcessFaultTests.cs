using System.Text.Json.Nodes;
using Hpo.Coordinator.Tests.Cli;
using Hpo.TestSupport;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>Faults with real processes on loopback: kill -9 of `hpo run`, and of a worker of a coordinator (SQLite, and PostgreSQL).</summary>
[Trait("Category", "Integration")]
public sealed class ProcessFaultTests
{
    /// <summary>Digits with a FIFO scheduler: every trial trains 12 epochs, long enough to be interrupted mid-way.</summary>
    private const string Sweep = """
        name: digits-fifo
        seed: 11
        data: {dataset: digits, validation: 0.2}
        objective: val_accuracy
        model: {layers: 1, units: 32}
        training:
          learning_rate: {loguniform: [1.0e-3, 3.0e-2]}
          batch_size: 32
          max_epochs: 12
        search: {sampler: random, scheduler: fifo, max_trials: 4}
        """;

    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Kill_9_of_hpo_run_then_resume_finishes_the_sweep_from_its_journal()
    {
        using var dir = new TempDir();
        // Six trials of 60 epochs of a 256-256 network: seconds of training however fast the engine is, so the
        // progress shows the sweep running (with epochs recorded) well before it ends.
        var spec = dir.Write("digits.yaml", Sweep
            .Replace("max_epochs: 12", "max_epochs: 60", StringComparison.Ordinal)
            .Replace("model: {layers: 1, units: 32}", "model: {layers: 2, units: 256}", StringComparison.Ordinal)
            .Replace("max_trials: 4", "max_trials: 6", StringComparison.Ordinal));
        var data = Path.Combine(dir.Path, "state");
        using (var run = ClusterProcess.Start("hpo.dll", null, "run", spec, "--data-dir", data, "--slots", "1"))
        {
            await run.WaitForLine(l => l.StartsWith("digits-fifo: running", StringComparison.Ordinal) && !l.Contains("; 0 epochs", StringComparison.Ordinal), Long);
            run.Kill9();
            Assert.NotEqual(0, run.ExitCode);
        }
        var down = TimeSpan.FromSeconds(5);
        await Task.Delay(down); // downtime, which the sweep's running time leaves out

        var resumed = await HpoProcess.Run("run", spec, "--data-dir", data, "--resume", "--json");

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("resuming sweep digits-fifo", resumed.Stderr);
        var json = JsonNode.Parse(resumed.LastLine)!;
        Assert.Equal(6, (int)json["trials"]!);
        Assert.Equal(6, (int)json["completed"]!);
        Assert.Equal(0, (int)json["failed"]!);
        var status = await HpoProcess.Run("status", "--data-dir", data, "--json");
        var sweep = Assert.Single(JsonNode.Parse(status.Stdout)!.AsArray())!;
        var wall = DateTimeOffset.Parse((string)sweep["finished_at"]!, System.Globalization.CultureInfo.InvariantCulture)
                   - DateTimeOffset.Parse((string)sweep["started_at"]!, System.Globalization.CultureInfo.InvariantCulture);
        double running = (double)sweep["running_seconds"]!;
        Assert.True(running > 0 && running <= (wall - down).TotalSeconds, $"running {running:F1} s of {wall.TotalSeconds:F1} s from start to end, {down.TotalSeconds} s of them down");
    }

    /// <summary>Journal (and checkpoints) on SQLite and a directory, or on a throwaway PostgreSQL server.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Kill_9_of_a_worker_mid_sweep_the_sweep_completes_on_the_other(bool onPostgres)
    {
        using var dir = new TempDir();
        await using var postgres = onPostgres ? await PostgresServer.StartAsync() : null;
        await KillAWorker(Path.Combine(dir.Path, "data"), postgres?.ConnectionString);
    }

    /// <summary>Journal on SQLite and checkpoints in a directory, or both on the PostgreSQL server given.</summary>
    private static async Task KillAWorker(string data, string? postgres)
    {
        using var cluster = new LocalCluster(data, workers: 2, postgres);
        await cluster.StartCoordinator();
        cluster.StartWorkers();
        var id = await cluster.Submit(Sweep);
        // Wait until some epochs are recorded while trials still train (a sweep's slots are its share: they shrink as it ends), then kill one.
        await cluster.WaitFor(id, s => (int)s["busy_slots"]! >= 1 && (long)s["epochs_total"]! >= 5, "the workers never trained");
        cluster.Workers[0].Kill9();

        var status = await cluster.WaitForEnd(id);
        Assert.Equal("finished", (string?)status["state"]);
        Assert.Equal(4, (int)status["trials"]!);
        var by = status["by_status"]!;
        Assert.Equal(4, (int)by["completed"]!);
        Assert.Equal(4 * 12, (long)status["epochs_total"]!);
        Assert.Equal(0, (int)by["failed"]! + (int)by["running"]! + (int)by["paused"]!);

        // The journal: one terminal event per trial, no (trial, epoch) twice.
        cluster.Coordinator!.Kill9();
        var rows = (await JournalRow.ReadAll(cluster.Journal)).Where(r => r.PersistenceId.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.All(rows.Where(r => r.Manifest == "er").GroupBy(r => (r.Trial, (int)r.Payload["epoch"]!)), g => Assert.Single(g));
        Assert.Equal(48, rows.Count(r => r.Manifest == "er"));
        Assert.Equal([0, 1, 2, 3], rows.Where(r => JournalRow.Terminal.Contains(r.Manifest)).Select(r => r.Trial).Order());
    }
}
