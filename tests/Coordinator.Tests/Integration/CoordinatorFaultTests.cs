using Hpo.Coordinator.Tests.Cli;
using Hpo.TestSupport;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>
/// kill -9 of the `hpo serve` coordinator mid-sweep (two Hpo.Worker processes train), then a restart on the same
/// journal and port: the sweep resumes from the journal without training a recorded rung again.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CoordinatorFaultTests
{
    /// <summary>ASHA on digits: rungs at 1, 3 and 9 epochs; the first trial completes long before the 27th is sampled.</summary>
    internal const string AshaSweep = """
        name: digits-asha-crash
        seed: 5
        data: {dataset: digits, validation: 0.2}
        objective: val_accuracy
        model: {layers: 1, units: 32}
        training:
          learning_rate: {loguniform: [1.0e-3, 3.0e-2]}
          batch_size: 32
          max_epochs: 9
        search: {sampler: random, scheduler: asha, reduction_factor: 3, min_epochs: 1, max_trials: 27}
        """;

    /// <summary>Journal (and checkpoints) on SQLite and a directory, or on a throwaway PostgreSQL server.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Kill_9_of_the_coordinator_then_a_restart_resumes_the_sweep_from_its_journal(bool onPostgres)
    {
        using var dir = new TempDir();
        await using var postgres = onPostgres ? await PostgresServer.StartAsync() : null;
        await KillAndRestartTheCoordinator(Path.Combine(dir.Path, "data"), postgres?.ConnectionString);
    }

    internal static async Task KillAndRestartTheCoordinator(string data, string? postgres)
    {
        using var cluster = new LocalCluster(data, workers: 2, postgres);
        await cluster.StartCoordinator();
        cluster.StartWorkers();
        var id = await cluster.Submit(AshaSweep);

        // Crash once a trial has completed (all 9 epochs) and the sweep still has work.
        await cluster.WaitFor(id, s => (int)s["by_status"]!["completed"]! >= 1 || (string?)s["state"] != "running", "no trial completed");
        cluster.Coordinator!.Kill9();
        Assert.NotEqual(0, cluster.Coordinator.ExitCode);

        var before = await JournalRow.ReadAll(cluster.Journal);
        var sweepRows = before.Where(r => r.PersistenceId.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(sweepRows, r => r.Manifest == "sf"); // it was killed mid-sweep
        var completedBefore = sweepRows.Where(r => r.Manifest == "tc").Select(r => r.Trial).ToHashSet();
        var epochsBefore = sweepRows.Where(r => r.Manifest == "er").Select(r => (r.Trial, Epoch: (int)r.Payload["epoch"]!)).ToHashSet();
        // A rung recorded to its last epoch before the crash.
        var rungsDoneBefore = sweepRows.Where(r => r.Manifest == "rs")
            .Select(r => (r.Trial, From: (int)r.Payload["from_epoch"]!, To: (int)r.Payload["to_epoch"]!))
            .Where(r => epochsBefore.Contains((r.Trial, r.To))).ToHashSet();
        Assert.NotEmpty(completedBefore);

        await cluster.StartCoordinator();
        var final = await cluster.WaitForEnd(id);
        Assert.Equal("finished", (string?)final["state"]);

        var after = (await JournalRow.ReadAll(cluster.Journal)).Where(r => r.PersistenceId.Contains(id, StringComparison.Ordinal)).ToList();
        var newRows = after.Where(r => r.Ordering > sweepRows.Max(b => b.Ordering)).ToList();
        Assert.Contains(newRows, r => r.Manifest == "er"); // the sweep did go on after the restart
        // No (trial, epoch) recorded twice.
        var epochs = after.Where(r => r.Manifest == "er").GroupBy(r => (r.Trial, (int)r.Payload["epoch"]!)).ToList();
        Assert.All(epochs, g => Assert.Single(g));
        // No rung completed before the crash was started again.
        Assert.DoesNotContain(newRows.Where(r => r.Manifest == "rs"),
            r => rungsDoneBefore.Contains((r.Trial, (int)r.Payload["from_epoch"]!, (int)r.Payload["to_epoch"]!)));
        // Every sampled trial ends in exactly one terminal state.
        int trials = (int)final["trials"]!;
        Assert.Equal(27, trials);
        var terminal = after.Where(r => JournalRow.Terminal.Contains(r.Manifest)).GroupBy(r => r.Trial).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(0, trials).ToHashSet(), terminal.Keys.ToHashSet());
        Assert.All(terminal.Values, n => Assert.Equal(1, n));
        var by = final["by_status"]!;
        Assert.Equal(0, (int)by["running"]! + (int)by["paused"]! + (int)by["pending"]!);

        // The API agrees: each trial's curve has each epoch once, and the pre-crash epochs are still there.
        for (int t = 0; t < trials; t++)
        {
            var curve = (await cluster.Trial(id, t))["curve"]!.AsArray().Select(p => (int)p!["epoch"]!).ToList();
            Assert.Equal(curve.Distinct().Count(), curve.Count);
            Assert.Equal(Enumerable.Range(1, curve.Count), curve);
            Assert.Subset(curve.Select(e => (t, e)).ToHashSet(), epochsBefore.Where(x => x.Trial == t).ToHashSet());
        }
        // The leaderboard holds every trial completed before the crash.
        var board = final["leaderboard"]!.AsArray().Select(e => (int)e!["trial"]!).ToHashSet();
        Assert.Superset(completedBefore, board);
        TestContext.Current.TestOutputHelper?.WriteLine($"coordinator crash ({(postgres is null ? "sqlite" : "postgresql")}): {completedBefore.Count} trials completed, " +
                          $"{epochsBefore.Count} epochs and {rungsDoneBefore.Count} rungs recorded before it; {newRows.Count(r => r.Manifest == "er")} epochs after; " +
                          $"{trials} trials, {(long)final["epochs_total"]!} epochs in all");
    }
}
