using System.Globalization;
using Hpo.Coordinator.Persistence;
using Hpo.Coordinator.Tests.Cli;
using Hpo.TestSupport;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>
/// The cluster port over mutual TLS, with real processes on loopback and certificates made by <c>openssl</c>: a
/// coordinator and a worker holding certificate A train a sweep while a worker holding certificate B and one holding
/// none try to join the same seed. Neither ever becomes a member or trains an epoch, and the sweep trains exactly as
/// a run without them.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ClusterTlsTests
{
    private const string Sweep = """
        name: tls
        seed: 23
        data: {dataset: digits, validation: 0.2}
        objective: val_accuracy
        model: {layers: 1, units: {choice: [16, 32]}}
        training: {optimizer: adam, learning_rate: {loguniform: [1.0e-3, 3.0e-2]}, batch_size: 32, max_epochs: 3}
        search: {sampler: random, scheduler: fifo, max_trials: 4}
        """;

    private static Dictionary<string, string> CertificateEnvironment(string pfx, string password) => new()
    {
        ["HPO__CLUSTER__CERTIFICATE"] = pfx,
        ["HPO__CLUSTER__CERTIFICATEPASSWORD"] = password,
    };

    /// <summary>Members of every status but unreachable (an unreachable member is counted under its status as well).</summary>
    private static async Task<double> Members(HttpClient http, string metrics) =>
        (await NodeMetric.Scrape(http, metrics)).Where(m => m.Name == "hpo_cluster_members" && m.Labels["status"] != "unreachable").Sum(m => m.Value);

    private static async Task<double> Epochs(HttpClient http, string metrics) =>
        (await NodeMetric.Scrape(http, metrics)).Where(m => m.Name == "hpo_node_epochs_total").Sum(m => m.Value);

    private static string Output(ClusterProcess process) => string.Join('\n', process.Lines) + '\n' + process.Errors;

    private static string[] Checkpoints(string dataDirectory)
    {
        var directory = Path.Combine(dataDirectory, "checkpoints");
        return Directory.Exists(directory) ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories) : [];
    }

    /// <summary>The most members the coordinator counted, polled until <paramref name="stop"/>.</summary>
    private static async Task<double> MostMembers(HttpClient http, string metrics, CancellationToken stop)
    {
        double most = 0;
        while (!stop.IsCancellationRequested)
        {
            most = Math.Max(most, await Members(http, metrics));
            await Task.Delay(100, CancellationToken.None);
        }
        return most;
    }

    [Fact]
    public async Task Workers_with_another_certificate_or_none_never_join_nor_train_and_the_sweep_trains_as_without_them()
    {
        using var dir = new TempDir();
        var certificateA = await OpenSslCertificates.SelfSigned(dir.Path, "cluster-a", "secret-a");
        var certificateB = await OpenSslCertificates.SelfSigned(dir.Path, "cluster-b", "secret-b");

        var baselineData = Path.Combine(dir.Path, "baseline");
        var run = await CliRun.Of("run", dir.Write("tls.yaml", Sweep), "--data-dir", baselineData, "--slots", "1", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var baseline = await TopologyDeterminismTests.Curves(new JournalDatabase { DataDirectory = baselineData });

        using var local = new LocalCluster(Path.Combine(dir.Path, "cluster"), workers: 1) { CoordinatorSeedsWorkers = false };
        foreach (var (key, value) in CertificateEnvironment(certificateA, "secret-a")) local.SetEnvironment(key, value);
        await local.StartCoordinator();
        local.StartWorkers();

        int first = FreePort.Consecutive(4);
        var seed = $"akka.tcp://hpo@127.0.0.1:{local.ClusterPort}";
        var intruders = new[] { CertificateEnvironment(certificateB, "secret-b"), new Dictionary<string, string>() }
            .Select((environment, i) => ClusterProcess.Start("hpo.dll", environment, "worker", "--seed", seed,
                "--port", (first + i).ToString(CultureInfo.InvariantCulture), "--http", $"http://127.0.0.1:{first + 2 + i}",
                "--slots", "2", "--data-dir", Path.Combine(dir.Path, $"intruder-{i}")))
            .ToArray();
        try
        {
            foreach (var process in intruders)
                await process.WaitForLine(l => l.StartsWith("hpo worker: training", StringComparison.Ordinal), LocalCluster.Long);
            // Both have knocked before the sweep starts: worker B refused the coordinator's certificate (or was refused),
            // and the coordinator dropped the plain connection of the worker without one.
            await Eventually.Until(() => Task.FromResult(Output(intruders[0]).Contains("Cluster TLS: refused", StringComparison.Ordinal)),
                "worker B never tried to join");
            await Eventually.Until(() => Task.FromResult(Output(local.Coordinator!).Contains("not an SSL/TLS record", StringComparison.Ordinal)),
                "the worker without a certificate never tried to join");
            // Refused, worker B says why in one line and backs off before it knocks again.
            await Eventually.Until(() => Task.FromResult(intruders[0].Lines.Any(l => l.StartsWith(
                    "hpo worker: the cluster port's TLS handshake with a peer failed", StringComparison.Ordinal) && l.EndsWith("again with a new node in 10 s", StringComparison.Ordinal))),
                "worker B never said that the TLS handshake failed");

            using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var coordinatorMetrics = $"{local.Api}/metrics";
            var id = await local.Submit(Sweep);
            using var finished = new CancellationTokenSource();
            var watch = MostMembers(probe, coordinatorMetrics, finished.Token);
            await local.WaitForEnd(id);
            await finished.CancelAsync();
            double mostMembers = Math.Max(await watch, await Members(probe, coordinatorMetrics));

            // The coordinator and worker A, counted by the very series that would count an intruder.
            Assert.Equal(2, mostMembers);
            Assert.True(await Epochs(probe, $"http://127.0.0.1:{local.WorkerHttpPorts[0]}/metrics") > 0, "worker A trained nothing");
            // Either intruder knocked (above) and was never a member.
            // A trained rung leaves its checkpoint in the trainer's data directory: worker A's has them, no intruder's does.
            Assert.NotEmpty(Checkpoints(local.DataDirectory));
            for (int i = 0; i < intruders.Length; i++)
                Assert.Empty(Checkpoints(Path.Combine(dir.Path, $"intruder-{i}")));
        }
        finally
        {
            foreach (var process in intruders) process.Dispose();
        }
        var journal = local.Journal;
        local.Dispose();
        var cluster = await TopologyDeterminismTests.Curves(journal);

        Assert.Equal(4 * 3, baseline.Count);
        Assert.Equal(baseline.Keys.Order(), cluster.Keys.Order());
        foreach (var (key, metrics) in baseline)
            Assert.Equal(metrics, cluster[key]);
    }

    [Theory]
    [InlineData("worker")]
    [InlineData("serve")]
    public async Task A_node_bound_beyond_loopback_without_a_certificate_refuses_to_start_naming_the_setting(string command)
    {
        using var dir = new TempDir();
        using var process = ClusterProcess.Start("hpo.dll", null, command, "--hostname", "0.0.0.0", "--port", "0", "--data-dir", dir.Path);
        await process.WaitForExitAsync(new CancellationTokenSource(LocalCluster.Long).Token);

        Assert.Equal(2, process.ExitCode);
        var line = Assert.Single(process.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Hpo:Cluster:Certificate", line, StringComparison.Ordinal);
        Assert.Contains("Hpo:Cluster:AllowInsecure", line, StringComparison.Ordinal);
    }
}
