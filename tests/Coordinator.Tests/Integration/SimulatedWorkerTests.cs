using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>
/// A worker started with --simulate (surrogate curves, nothing trained) joined to a coordinator that runs a real sweep:
/// it gets no trial, so its made-up figures never reach the journal; the real worker trains every recorded epoch.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SimulatedWorkerTests(ITestOutputHelper output)
{
    private const string Sweep = """
        name: real
        seed: 3
        data: {dataset: digits, validation: 0.2}
        objective: val_accuracy
        model: {layers: 1, units: 32}
        training: {learning_rate: {loguniform: [1.0e-3, 3.0e-2]}, batch_size: 64, max_epochs: 4}
        search: {sampler: random, scheduler: fifo, max_trials: 6}
        """;

    [Fact]
    public async Task A_simulated_worker_in_a_real_cluster_gets_no_trial_and_the_real_worker_trains_every_epoch()
    {
        using var dir = new TempDir();
        using var cluster = new LocalCluster(Path.Combine(dir.Path, "data"), workers: 2);
        await cluster.StartCoordinator();
        var simulated = cluster.StartWorker(slots: 4, "--simulate");
        cluster.StartWorker(slots: 1);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var (fake, real) = ($"http://127.0.0.1:{cluster.WorkerHttpPorts[0]}", $"http://127.0.0.1:{cluster.WorkerHttpPorts[1]}");
        foreach (var worker in new[] { fake, real })
            await Eventually.Until(async () => (await http.GetAsync($"{worker}/readyz")).IsSuccessStatusCode, $"{worker} never answered ready");
        await simulated.WaitForLine(l => l.Contains("AcceptSimulatedWorkers", StringComparison.Ordinal), LocalCluster.Long);

        var id = await cluster.Submit(Sweep);
        var end = await cluster.WaitForEnd(id);

        Assert.Equal("finished", (string?)end["state"]);
        Assert.Equal(6, (int)end["by_status"]!["completed"]!);
        async Task<double> Epochs(string node) =>
            (await NodeMetric.Scrape(http, $"{node}/metrics")).Where(m => m.Name == "hpo_node_epochs_total").Sum(m => m.Value);
        Assert.Equal(0, await Epochs(fake));
        Assert.Equal((long)end["epochs_total"]!, (long)await Epochs(real));
        Assert.Contains("simulates its training", cluster.Coordinator!.Errors, StringComparison.Ordinal);
        output.WriteLine($"simulated worker: 0 epochs; real worker: {await Epochs(real)} epochs = the sweep's {(long)end["epochs_total"]!}; " +
                         $"best {end["best"]?["objective"]}");
    }
}
