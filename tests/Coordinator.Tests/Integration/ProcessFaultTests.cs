using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>Faults with real processes on loopback: kill -9 of `hpo run`, and of a worker of a coordinator.</summary>
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Kill_9_of_hpo_run_then_resume_finishes_the_sweep_from_its_journal()
    {
        using var dir = new TempDir();
        var spec = dir.Write("digits.yaml", Sweep);
        var data = Path.Combine(dir.Path, "state");
        using (var run = ClusterProcess.Start("hpo.dll", null, "run", spec, "--data-dir", data, "--slots", "1"))
        {
            await run.WaitForLine(l => l.StartsWith("digits-fifo: running", StringComparison.Ordinal) && !l.Contains("; 0 epochs", StringComparison.Ordinal), Long);
            run.Kill9();
            Assert.NotEqual(0, run.ExitCode);
        }

        var resumed = await HpoProcess.Run("run", spec, "--data-dir", data, "--resume", "--json");

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("resuming sweep digits-fifo", resumed.Stderr);
        var json = JsonNode.Parse(resumed.LastLine)!;
        Assert.Equal(4, (int)json["trials"]!);
        Assert.Equal(4, (int)json["completed"]!);
        Assert.Equal(0, (int)json["failed"]!);
    }

    [Fact]
    public async Task Kill_9_of_a_worker_mid_sweep_the_sweep_completes_on_the_other()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        int http = FreePort(), port = FreePort();
        var api = $"http://127.0.0.1:{http}";
        var env = new Dictionary<string, string>();
        using var coordinator = ClusterProcess.Start("hpo.dll", env, "serve", "--data-dir", data, "--http", api, "--port", port.ToString());
        await coordinator.WaitForLine(l => l.StartsWith("hpo coordinator: API on", StringComparison.Ordinal), Long);
        string[] Worker() => ["--seed", $"akka.tcp://hpo@127.0.0.1:{port}", "--port", "0", "--slots", "1", "--data-dir", data,
            "--checkpoint-dir", Path.Combine(data, "checkpoints")];
        using var doomed = ClusterProcess.Start(ClusterProcess.WorkerAssembly(), env, Worker());
        using var survivor = ClusterProcess.Start(ClusterProcess.WorkerAssembly(), env, Worker());

        using var client = new HttpClient { BaseAddress = new Uri(api) };
        var created = await client.PostAsync("/sweeps?source=digits.yaml", new StringContent(Sweep));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;

        async Task<JsonNode> Status() => JsonNode.Parse(await client.GetStringAsync($"/sweeps/{id}"))!;
        var deadline = DateTime.UtcNow + Long;
        // Wait until both workers have slots in the sweep and some epochs are recorded, then kill one.
        while ((int)(await Status())["slots"]! < 2 || (long)(await Status())["epochs_total"]! < 5)
        {
            Assert.True(DateTime.UtcNow < deadline, "the workers never trained");
            await Task.Delay(100);
        }
        doomed.Kill9();

        JsonNode status;
        while ((string?)(status = await Status())["state"] == "running")
        {
            Assert.True(DateTime.UtcNow < deadline, $"the sweep did not finish after the kill: {status.ToJsonString()}");
            await Task.Delay(200);
        }
        Assert.Equal("finished", (string?)status["state"]);
        Assert.Equal(4, (int)status["trials"]!);
        var by = status["by_status"]!;
        Assert.Equal(4, (int)by["completed"]!);
        Assert.Equal(4 * 12, (long)status["epochs_total"]!);
        Assert.Equal(0, (int)by["failed"]! + (int)by["running"]! + (int)by["paused"]!);
    }
}
