using System.Text.Json.Nodes;
using Hpo.Coordinator.Persistence;
using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>A trial trains the same, epoch for epoch, whether the sweep runs in one process or on a coordinator with two workers.</summary>
[Trait("Category", "Integration")]
public sealed class TopologyDeterminismTests
{
    private const string Sweep = """
        name: topology
        seed: 11
        data: {dataset: digits, validation: 0.2}
        objective: val_accuracy
        model: {layers: 2, units: {choice: [16, 32]}, batch_norm: before, dropout: 0.1}
        training: {optimizer: adam, learning_rate: {loguniform: [1.0e-3, 3.0e-2]}, batch_size: 32, max_epochs: 4}
        search: {sampler: random, scheduler: fifo, max_trials: 3}
        """;

    /// <summary>(trial, epoch) → the objective and losses recorded for it (samples per second left out: it is a timing).</summary>
    internal static async Task<Dictionary<(int, int), string>> Curves(JournalDatabase journal)
    {
        var curves = new Dictionary<(int, int), string>();
        foreach (var row in (await JournalRow.ReadAll(journal)).Where(r => r.Manifest == "er"))
        {
            var payload = row.Payload.DeepClone().AsObject();
            if (payload["metrics"] is JsonObject metrics)
                foreach (var key in metrics.Select(kv => kv.Key).Where(k => k.Contains("second", StringComparison.OrdinalIgnoreCase)).ToArray())
                    metrics.Remove(key);
            curves.Add(((int)payload["trial"]!, (int)payload["epoch"]!), payload.ToJsonString());
        }
        return curves;
    }

    [Fact]
    public async Task Each_trials_metrics_at_each_epoch_are_identical_embedded_and_on_two_workers()
    {
        using var dir = new TempDir();
        var spec = dir.Write("topology.yaml", Sweep);
        var embeddedData = Path.Combine(dir.Path, "embedded");
        var run = await CliRun.Of("run", spec, "--data-dir", embeddedData, "--slots", "2", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var embedded = await Curves(new JournalDatabase { DataDirectory = embeddedData });

        var clusterData = Path.Combine(dir.Path, "cluster");
        Dictionary<(int, int), string> cluster;
        using (var local = new LocalCluster(clusterData, workers: 2))
        {
            await local.StartCoordinator();
            local.StartWorkers();
            var id = await local.Submit(Sweep);
            await local.WaitForEnd(id);
            var journal = local.Journal;
            local.Dispose();
            cluster = await Curves(journal);
        }

        Assert.Equal(3 * 4, embedded.Count);
        Assert.Equal(embedded.Keys.Order(), cluster.Keys.Order());
        foreach (var (key, metrics) in embedded)
            Assert.Equal(metrics, cluster[key]);
    }
}
