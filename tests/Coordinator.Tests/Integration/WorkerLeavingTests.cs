using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>
/// A worker stopped as Kubernetes stops a pod (SIGTERM), or killed outright, while it trains Fashion-MNIST rungs: what
/// the workers' own counters of epochs trained say about the work lost or done twice.
/// </summary>
[Trait("Category", "Integration")]
public class WorkerLeavingTests(ITestOutputHelper output)
{
    private const int Trials = 4, MaxEpochs = 12;

    private static readonly string Sweep = $$"""
        name: leaving
        seed: 4
        data: {dataset: fashion-mnist, validation: 0.1}
        objective: val_accuracy
        model: {units: [32]}
        training:
          learning_rate: {loguniform: [1.0e-3, 1.0e-2]}
          batch_size: 256
          input_scaling: normalize
          max_epochs: {{MaxEpochs}}
        search: {sampler: random, scheduler: fifo, max_trials: {{Trials}}}
        """;

    [Fact]
    public async Task A_worker_stopped_with_SIGTERM_hands_its_rungs_back_and_no_epoch_is_trained_twice()
    {
        using var dir = new TempDir();
        using var cluster = new LocalCluster(Path.Combine(dir.Path, "data"), workers: 2);
        await cluster.StartCoordinator();
        cluster.StartWorkers();
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var (leaving, staying) = (cluster.Workers[0], $"http://127.0.0.1:{cluster.WorkerHttpPorts[1]}");
        var id = await cluster.Submit(Sweep);
        await Eventually.Until(async () => await Epochs(http, $"http://127.0.0.1:{cluster.WorkerHttpPorts[0]}") >= 2,
            "the first worker never trained", LocalCluster.Long);

        leaving.Terminate();
        using (var exit = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            await leaving.WaitForExitAsync(exit.Token);
        Assert.Equal(0, leaving.ExitCode);
        var last = await leaving.WaitForLine(l => l.StartsWith("hpo worker: left the cluster", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        output.WriteLine(last);
        var figures = System.Text.RegularExpressions.Regex.Match(last, @"(\d+) rungs handed back, (\d+) epochs trained here \((\d+) of them again\)");
        int handedBack = int.Parse(figures.Groups[1].Value), trainedThere = int.Parse(figures.Groups[2].Value);
        Assert.True(handedBack >= 1, last);

        var end = await cluster.WaitForEnd(id);
        Assert.Equal("finished", (string?)end["state"]);
        Assert.Equal(Trials, (int)end["by_status"]!["completed"]!);
        Assert.Equal(Trials * MaxEpochs, (long)end["epochs_total"]!);
        double trainedHere = await Epochs(http, staying), again = await Retrained(http, staying);
        output.WriteLine($"the staying worker trained {trainedHere} epochs ({again} again); journal {(long)end["epochs_total"]!}");
        Assert.Equal(0, again);
        Assert.Equal(Trials * MaxEpochs, trainedThere + trainedHere);
    }

    [Fact]
    public async Task A_worker_killed_outright_costs_each_of_its_trials_at_most_the_checkpoint_interval()
    {
        const int every = 3;
        using var dir = new TempDir();
        using var cluster = new LocalCluster(Path.Combine(dir.Path, "data"), workers: 2);
        cluster.SetEnvironment("HPO__WORKER__CHECKPOINTEVERY", every.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await cluster.StartCoordinator();
        cluster.StartWorkers();
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var staying = $"http://127.0.0.1:{cluster.WorkerHttpPorts[1]}";
        var id = await cluster.Submit(Sweep);
        await Eventually.Until(async () => await Epochs(http, $"http://127.0.0.1:{cluster.WorkerHttpPorts[0]}") >= every + 2,
            "the first worker never trained", LocalCluster.Long);

        cluster.Workers[0].Kill9();
        var end = await cluster.WaitForEnd(id);
        Assert.Equal("finished", (string?)end["state"]);
        Assert.Equal(Trials, (int)end["by_status"]!["completed"]!);
        Assert.Equal(Trials * MaxEpochs, (long)end["epochs_total"]!);
        double again = await Retrained(http, staying);
        output.WriteLine($"the staying worker trained {await Epochs(http, staying)} epochs, {again} of them again");
        // One slot on the killed worker: one rung was training there; its epochs since its last checkpoint are done again.
        Assert.InRange(again, 0, every);
    }

    private static async Task<double> Epochs(HttpClient http, string worker) =>
        (await NodeMetric.Scrape(http, $"{worker}/metrics")).Where(m => m.Name == "hpo_node_epochs_total").Sum(m => m.Value);

    private static async Task<double> Retrained(HttpClient http, string worker) =>
        (await NodeMetric.Scrape(http, $"{worker}/metrics")).Where(m => m.Name == "hpo_node_epochs_retrained_total").Sum(m => m.Value);
}
