using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>
/// Two equal sweeps submitted at once to `hpo serve` with two `hpo worker` processes of two slots each (training
/// simulated: every epoch holds its slot for a fixed time, so the nodes' slot time measures the sharing, not the
/// machine): what the workers' own counters say about how the cluster was shared.
/// </summary>
[Trait("Category", "Integration")]
public class SharedClusterTests(ITestOutputHelper output)
{
    private const string Sweep = """
        name: equal
        seed: 11
        data: {dataset: iris}
        objective: val_accuracy
        model: {units: 8}
        training:
          learning_rate: {loguniform: [1.0e-3, 1.0e-1]}
          max_epochs: 9
        search: {sampler: random, scheduler: asha, reduction_factor: 3, min_epochs: 1, max_trials: 45}
        """;

    [Fact]
    public async Task Two_equal_sweeps_on_one_cluster_both_progress_and_finish_with_equal_slot_time_and_no_node_overbooked()
    {
        using var dir = new TempDir();
        using var cluster = new LocalCluster(Path.Combine(dir.Path, "data"), workers: 2);
        // A coordinator started for a scale test: it gives simulated workers trials.
        cluster.SetEnvironment("HPO__COORDINATOR__ACCEPTSIMULATEDWORKERS", "true");
        await cluster.StartCoordinator();
        cluster.StartWorkers(slots: 2, "--simulate", "--simulate-epoch-ms", "80");
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var workers = cluster.WorkerHttpPorts.Select(p => $"http://127.0.0.1:{p}").ToArray();
        foreach (var worker in workers)
            await Eventually.Until(async () => (await http.GetAsync($"{worker}/readyz")).IsSuccessStatusCode, $"{worker} never answered ready");

        var first = await cluster.Submit(Sweep);
        var second = await cluster.Submit(Sweep);
        Assert.NotEqual(first, second);

        // The moment one of them ends, the two have had the same slot time, counted by the nodes.
        string? ended = null;
        await Eventually.Until(async () =>
        {
            foreach (var id in new[] { first, second })
                if ((string?)(await cluster.Status(id))["state"] != "running") ended = id;
            return ended is not null;
        }, "neither sweep finished", LocalCluster.Long);
        var atEnd = await SlotTime(http, workers);
        double a = atEnd.GetValueOrDefault(first), b = atEnd.GetValueOrDefault(second);
        output.WriteLine($"slot seconds when {ended} ended: {first} {a:F1}, {second} {b:F1}");
        Assert.True(a > 0 && b > 0, $"slot seconds when {ended} ended: {first} {a:F1}, {second} {b:F1}");
        Assert.True(Math.Abs(a - b) <= 0.2 * Math.Max(a, b), $"slot seconds when {ended} ended: {first} {a:F1}, {second} {b:F1}");

        foreach (var id in new[] { first, second })
        {
            var end = await cluster.WaitForEnd(id);
            Assert.Equal("finished", (string?)end["state"]);
            Assert.Contains(end["leaderboard"]!.AsArray(), t => (int)t!["epochs"]! == 9 && (string?)t["status"] == "completed");
        }

        foreach (var worker in workers)
        {
            var metrics = await NodeMetric.Scrape(http, $"{worker}/metrics");
            double peak = metrics.Single(m => m.Name == "hpo_node_dispatches_held_peak").Value;
            double room = metrics.Single(m => m.Name == "hpo_node_dispatch_room").Value;
            output.WriteLine($"{worker}: held at most {peak} trials' dispatches at once, room {room}");
            Assert.Equal(4, room);
            Assert.True(peak is > 0 and <= 4, $"{worker} held {peak} trials' dispatches at once, with room for {room}");
        }
    }

    /// <summary>Slot seconds of each sweep, summed over the nodes.</summary>
    private static async Task<Dictionary<string, double>> SlotTime(HttpClient http, IEnumerable<string> workers)
    {
        var total = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var worker in workers)
            foreach (var m in await NodeMetric.Scrape(http, $"{worker}/metrics"))
                if (m.Name == "hpo_node_slot_time_seconds_total" && m.Labels.TryGetValue("sweep", out var sweep))
                    total[sweep] = total.GetValueOrDefault(sweep) + m.Value;
        return total;
    }
}
