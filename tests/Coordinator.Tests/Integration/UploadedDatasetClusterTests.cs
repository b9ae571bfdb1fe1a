using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hpo.Coordinator.Tests.Cli;
using Hpo.TestSupport;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>
/// A coordinator (`hpo serve`) and a worker (`hpo worker`) as real processes on loopback, each with its own data
/// directory, and a client whose CSV file lives in a third: `hpo submit` uploads the file, the worker fetches it over
/// the cluster and trains the sweep; a second sweep over the same file uploads nothing new and fetches nothing new.
/// </summary>
[Trait("Category", "Integration")]
public sealed class UploadedDatasetClusterTests
{
    private const string Sweep = """
        name: uploaded
        seed: 4
        data: {csv: points.csv, target: label, validation: 0.25}
        objective: val_accuracy
        model: {layers: 1, units: {choice: [8, 16]}}
        training: {learning_rate: {loguniform: [1.0e-3, 1.0e-1]}, batch_size: 64, max_epochs: 2}
        search: {sampler: random, scheduler: fifo, max_trials: 3}
        """;

    /// <summary>Two classes of points, a few chunks' worth (so the transfer takes several messages).</summary>
    private static string Points()
    {
        var text = new StringBuilder("x,y,label\n");
        var random = new Random(5);
        for (int i = 0; i < 9000; i++)
        {
            int label = i % 2;
            text.Append(CultureInfo.InvariantCulture, $"{2 * label + random.NextDouble():0.00000},{random.NextDouble():0.00000},{(label == 1 ? "yes" : "no")}\n");
        }
        return text.ToString();
    }

    private static async Task<double> Metric(HttpClient http, string url, string name) =>
        (await NodeMetric.Scrape(http, url)).Where(m => m.Name == name).Sum(m => m.Value);

    [Fact]
    public async Task A_worker_without_the_file_trains_a_sweep_over_a_csv_only_the_client_had_and_a_second_sweep_fetches_nothing_new()
    {
        using var dir = new TempDir();
        string coordinatorData = Path.Combine(dir.Path, "coordinator"), workerData = Path.Combine(dir.Path, "worker"), client = Path.Combine(dir.Path, "client");
        Directory.CreateDirectory(client);
        var csv = Points();
        await File.WriteAllTextAsync(Path.Combine(client, "points.csv"), csv);
        var spec = Path.Combine(client, "sweep.yaml");
        await File.WriteAllTextAsync(spec, Sweep);
        var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv)));

        int first = FreePort.Consecutive(4);
        string api = $"http://127.0.0.1:{first}", seed = $"akka.tcp://hpo@127.0.0.1:{first + 1}", workerMetrics = $"http://127.0.0.1:{first + 3}/metrics";
        using var coordinator = ClusterProcess.Start("hpo.dll", null,
            "serve", "--data-dir", coordinatorData, "--http", api, "--port", $"{first + 1}", "--seed", seed);
        await coordinator.WaitForLine(l => l.StartsWith("hpo coordinator: API on", StringComparison.Ordinal), LocalCluster.Long);
        using var worker = ClusterProcess.Start("hpo.dll", null,
            "worker", "--seed", seed, "--port", $"{first + 2}", "--http", $"http://127.0.0.1:{first + 3}", "--slots", "2", "--data-dir", workerData);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.Until(async () => (await http.GetAsync($"http://127.0.0.1:{first + 3}/readyz")).IsSuccessStatusCode, "the worker never became ready");
        Assert.Equal(0, await Metric(http, workerMetrics, "hpo_node_dataset_fetches_total"));

        var run = await HpoProcess.Run("submit", spec, "--api", api, "--wait", "--json");

        Assert.True(run.ExitCode == 0, $"hpo submit: {run.ExitCode}\n{run.Stdout}\n{run.Stderr}\nworker:\n{worker.Errors}\ncoordinator:\n{coordinator.Errors}");
        Assert.Contains($"uploaded {Path.Combine(client, "points.csv")} ({csv.Length:N0} bytes) as dataset {hash}", run.Stdout);
        var outcome = JsonNode.Parse(run.LastLine)!;
        Assert.Equal(3, (int)outcome["completed"]!);
        Assert.Equal(6, (int)outcome["epochs_total"]!);
        var sweep = (string)outcome["sweep"]!;
        var status = JsonNode.Parse(await http.GetStringAsync($"{api}/sweeps/{sweep}"))!;
        Assert.Equal(3, (int)status["by_status"]!["completed"]!);

        // The worker fetched the file once, into its own cache, byte for byte; the coordinator never saw the client's path.
        Assert.Equal(csv, await File.ReadAllTextAsync(Path.Combine(workerData, "datasets", hash[7..] + ".csv")));
        Assert.Equal(1, await Metric(http, workerMetrics, "hpo_node_dataset_fetches_total"));
        Assert.Equal(csv.Length, await Metric(http, workerMetrics, "hpo_node_dataset_fetched_bytes_total"));
        Assert.False(File.Exists(Path.Combine(coordinatorData, "points.csv")));
        var listed = JsonNode.Parse(await http.GetStringAsync($"{api}/datasets"))!.AsArray();
        Assert.Equal(hash, (string)Assert.Single(listed)!["id"]!);

        var again = await HpoProcess.Run("submit", spec, "--api", api, "--wait", "--json");

        Assert.True(again.ExitCode == 0, $"second hpo submit: {again.ExitCode}\n{again.Stdout}\n{again.Stderr}");
        Assert.Contains($"dataset {hash} ({Path.Combine(client, "points.csv")}) is on the coordinator already", again.Stdout);
        var second = JsonNode.Parse(again.LastLine)!;
        Assert.NotEqual(sweep, (string)second["sweep"]!);
        Assert.Equal(3, (int)second["completed"]!);
        Assert.Equal(1, await Metric(http, workerMetrics, "hpo_node_dataset_fetches_total"));
        Assert.Equal(csv.Length, await Metric(http, workerMetrics, "hpo_node_dataset_fetched_bytes_total"));
        Assert.Single(JsonNode.Parse(await http.GetStringAsync($"{api}/datasets"))!.AsArray());
    }
}
