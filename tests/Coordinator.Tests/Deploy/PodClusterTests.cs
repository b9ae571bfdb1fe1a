using System.Net;
using System.Text.Json.Nodes;
using Hpo.Coordinator.Tests.Cli;
using Hpo.Coordinator.Tests.Integration;
using Hpo.TestSupport;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// Processes standing in for the pods of the cluster overlay: each on its own loopback address (127.0.0.2, .3, ...) and
/// the same ports, started as `hpo serve` or `hpo worker` with no flag, configured only by the variables of the
/// overlay's ConfigMap and the ones a pod template sets (its address, the database's connection string), the journal
/// and the checkpoints in PostgreSQL. They form one cluster, finish a sweep through the kill -9 of a worker pod, and
/// put a worker pod that joins mid-sweep to work.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PodClusterTests
{
    private const string Sweep = """
        name: pods
        seed: 21
        data: {dataset: digits, validation: 0.2}
        objective: val_accuracy
        model: {layers: 2, units: 256}
        training: {learning_rate: {loguniform: [1.0e-3, 3.0e-2]}, batch_size: 32, max_epochs: 500}
        search: {sampler: random, scheduler: fifo, max_trials: 8}
        """;

    private static readonly string[] Pods = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"];

    private static async Task<double> NodeEpochs(HttpClient http, string pod, int port)
    {
        var metrics = await http.GetStringAsync($"http://{pod}:{port}/metrics");
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("hpo_node_epochs_total{", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Pods_configured_by_the_manifests_form_a_cluster_survive_a_killed_worker_and_use_a_worker_that_joins()
    {
        using var dir = new TempDir();
        await using var postgres = await PostgresServer.StartAsync();
        // Every pod mounts the cluster's certificate (the Secret hpo-cluster-tls): they form their cluster over mutual TLS.
        var settings = await MountedClusterCertificate.Into(await RenderedManifests.Settings("cluster"), Path.Combine(dir.Path, "cluster-tls"));
        int akka = PodAddresses.FreeOnAll(Pods), http = PodAddresses.FreeOnAll(Pods);
        var coordinator = Pods[0];

        Dictionary<string, string> PodEnvironment(string pod)
        {
            var env = new Dictionary<string, string>(settings)
            {
                ["HPO__DATADIRECTORY"] = Path.Combine(dir.Path, pod),
                // A pod binds 0.0.0.0 in its own network namespace; here each binds its own address.
                ["HPO__CLUSTER__HOSTNAME"] = pod,
                ["HPO__CLUSTER__PUBLICHOSTNAME"] = pod,
                ["HPO__CLUSTER__PORT"] = akka.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["HPO__CLUSTER__SEEDS__0"] = $"akka.tcp://hpo@{coordinator}:{akka}",
                ["HPO__COORDINATOR__HTTP"] = $"http://{pod}:{http}",
                ["HPO__WORKER__HTTP"] = $"http://{pod}:{http}",
                ["HPO__WORKER__SLOTS"] = "1",
                ["HPO__STORAGE__CONNECTIONSTRING"] = postgres.ConnectionString,
            };
            Assert.Equal("PostgreSql", env["HPO__STORAGE__PROVIDER"]);
            Assert.Equal("Database", env["HPO__WORKER__CHECKPOINTSTORE"]);
            return env;
        }

        using var api = new HttpClient { BaseAddress = new Uri($"http://{coordinator}:{http}"), Timeout = TimeSpan.FromSeconds(30) };
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var serve = ClusterProcess.Start("hpo.dll", PodEnvironment(coordinator), "serve");
        var workers = new List<ClusterProcess>();
        try
        {
            await serve.WaitForLine(l => l.StartsWith("hpo coordinator: API on", StringComparison.Ordinal), LocalCluster.Long);
            foreach (var pod in Pods[1..3]) workers.Add(ClusterProcess.Start("hpo.dll", PodEnvironment(pod), "worker"));
            foreach (var pod in Pods[1..3])
                await Eventually.Until(async () => (await probe.GetAsync($"http://{pod}:{http}/readyz")).IsSuccessStatusCode, $"worker pod {pod} never became ready");

            using var created = await api.PostAsync("/sweeps?source=pods.yaml", new StringContent(Sweep));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
            async Task<JsonNode> Status() => JsonNode.Parse(await api.GetStringAsync($"/sweeps/{id}"))!;

            // Both workers train, then the first is killed while it holds a running trial.
            await Eventually.Until(async () => await NodeEpochs(probe, Pods[1], http) >= 3 && await NodeEpochs(probe, Pods[2], http) >= 3, "the workers never trained");
            await Eventually.Until(async () => (await probe.GetStringAsync($"http://{Pods[1]}:{http}/metrics")).Contains("hpo_training_slots_busy{", StringComparison.Ordinal)
                && (await probe.GetStringAsync($"http://{Pods[1]}:{http}/metrics")).Split('\n').Any(l => l.StartsWith("hpo_training_slots_busy{", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal)),
                "the first worker never held a running trial");
            workers[0].Kill9();

            // A third worker pod joins mid-sweep and its slot fills.
            workers.Add(ClusterProcess.Start("hpo.dll", PodEnvironment(Pods[3]), "worker"));
            async Task<double> Epochs() => (double)(await Status())["epochs_total"]!;
            await Eventually.UntilWhileProgressing(async () =>
            {
                if (await NodeEpochs(probe, Pods[3], http) >= 1) return true;
                var now = await Status();
                Assert.True((string?)now["state"] == "running", $"the sweep ended before the joining worker trained: {now.ToJsonString()}");
                return false;
            }, Epochs, "the worker that joined never trained");

            JsonNode end = await Status();
            await Eventually.UntilWhileProgressing(async () => (string?)(end = await Status())["state"] != "running" && !(bool)end["test_pending"]!,
                Epochs, "the sweep never finished");
            Assert.Equal("finished", (string?)end["state"]);
            Assert.Equal(8, (int)end["by_status"]!["completed"]!);
            Assert.Equal(8 * 500, (long)end["epochs_total"]!);
        }
        finally
        {
            foreach (var w in workers) w.Dispose();
        }
    }
}
