using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Hpo.Coordinator.Tests.Cli;
using Hpo.Coordinator.Tests.Integration;
using Hpo.Node.Storage;
using Hpo.TestSupport;
using Hpo.Worker.Cluster;
using Hpo.Worker.Hosting;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// The cluster overlay's pods (configured only by the rendered ConfigMap's variables and what the pod templates set)
/// through coordinator restarts as Kubernetes makes them: the coordinator pod killed (SIGKILL) and rescheduled with a
/// new IP (127.0.0.2 → 127.0.0.6) behind the same name, which the workers' seed gives; then stopped (SIGTERM) and
/// started again at that address. Both worker pods train again each time; no epoch is trained twice or lost.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PodRejoinTests(ITestOutputHelper output)
{
    private static readonly string[] Pods = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.6"];

    [Fact]
    public async Task Worker_pods_train_again_after_the_coordinator_pod_is_killed_and_comes_back_at_a_new_address_then_is_stopped()
    {
        using var dir = new TempDir();
        await using var postgres = await PostgresServer.StartAsync();
        // Every pod mounts the cluster's certificate (the Secret hpo-cluster-tls): they form their cluster over mutual TLS.
        var settings = await MountedClusterCertificate.Into(await RenderedManifests.Settings("cluster"), Path.Combine(dir.Path, "cluster-tls"));
        int akka = PodAddresses.FreeOnAll(Pods), http = PodAddresses.FreeOnAll(Pods);
        var seed = new Uri(settings["HPO__CLUSTER__SEEDS__0"].Replace("akka.tcp://hpo@", "tcp://", StringComparison.Ordinal));
        // The coordinator advertises the name its StatefulSet gives it, the one the seed names.
        string name = seed.Host;
        var hosts = new PrivateHosts(dir.Path);

        Dictionary<string, string> PodEnvironment(string pod, string advertised)
        {
            var env = new Dictionary<string, string>(settings)
            {
                ["HPO__DATADIRECTORY"] = Path.Combine(dir.Path, pod),
                ["HPO__CLUSTER__HOSTNAME"] = pod,
                ["HPO__CLUSTER__PUBLICHOSTNAME"] = advertised,
                ["HPO__CLUSTER__PORT"] = akka.ToString(CultureInfo.InvariantCulture),
                ["HPO__CLUSTER__SEEDS__0"] = $"akka.tcp://hpo@{name}:{akka}",
                ["HPO__COORDINATOR__HTTP"] = $"http://{pod}:{http}",
                ["HPO__WORKER__HTTP"] = $"http://{pod}:{http}",
                ["HPO__WORKER__SLOTS"] = "1",
                ["HPO__STORAGE__CONNECTIONSTRING"] = postgres.ConnectionString,
            };
            return env;
        }

        string coordinatorPod = Pods[0];
        ClusterProcess? coordinator = null;
        async Task StartCoordinator(string pod)
        {
            coordinatorPod = pod;
            hosts.Point(name, pod);
            coordinator = ClusterProcess.StartUnder(hosts.Launcher, "hpo.dll", PodEnvironment(pod, name), "serve");
            await coordinator.WaitForLine(l => l.StartsWith("hpo coordinator: API on", StringComparison.Ordinal), LocalCluster.Long);
        }

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var api = new Dictionary<string, HttpClient>();
        HttpClient Api() => api.TryGetValue(coordinatorPod, out var client) ? client
            : api[coordinatorPod] = new HttpClient { BaseAddress = new Uri($"http://{coordinatorPod}:{http}"), Timeout = TimeSpan.FromMinutes(3) };
        var workers = new List<ClusterProcess>();
        try
        {
            await StartCoordinator(Pods[0]);
            foreach (var pod in Pods[1..3]) workers.Add(ClusterProcess.StartUnder(hosts.Launcher, "hpo.dll", PodEnvironment(pod, pod), "worker"));
            foreach (var pod in Pods[1..3])
                await Eventually.Until(async () => (await probe.GetAsync($"http://{pod}:{http}/readyz")).IsSuccessStatusCode, $"worker pod {pod} never became ready");

            using var created = await Api().PostAsync("/sweeps?source=pods.yaml", new StringContent(CoordinatorRestartTests.Sweep));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
            var store = WorkerHosting.CreateCheckpointStore(new WorkerOptions { CheckpointStore = CheckpointStoreKind.Database }, dir.Path,
                new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = postgres.ConnectionString });
            var restart = new CoordinatorRestart(probe, workers.Zip(Pods[1..3], (w, pod) => (w, $"http://{pod}:{http}/metrics")).ToList(), Api, id, store);

            var afterKill = await restart.Run(() =>
            {
                coordinator!.Kill9();
                return Task.CompletedTask;
            }, () => StartCoordinator(Pods[3]), rejoins: 1);
            var afterStop = await restart.Run(async () =>
            {
                coordinator!.Terminate();
                using var exit = new CancellationTokenSource(LocalCluster.Long);
                await coordinator.WaitForExitAsync(exit.Token);
            }, () => StartCoordinator(Pods[3]), rejoins: 2);
            long epochs = await restart.LeaveAndCount();

            output.WriteLine($"pods: both workers trained again {afterKill.TotalSeconds:0.0} s after the killed coordinator came back at {Pods[3]} " +
                             $"(seed {name}) and {afterStop.TotalSeconds:0.0} s after the stopped one came back; {epochs} epochs trained, " +
                             "each recorded once or held in its trial's checkpoint, none trained twice");
        }
        finally
        {
            foreach (var w in workers) w.Dispose();
            coordinator?.Dispose();
            foreach (var client in api.Values) client.Dispose();
        }
    }
}
