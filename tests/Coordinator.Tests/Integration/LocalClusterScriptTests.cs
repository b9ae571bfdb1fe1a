using System.Diagnostics;
using System.Text.Json.Nodes;
using Hpo.Coordinator.Tests.Cli;
using Hpo.TestSupport;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>deploy/local/cluster.sh: up 2, a tiny sweep through `hpo submit --wait --json`, down, nothing left running.</summary>
[Trait("Category", "Integration")]
public sealed class LocalClusterScriptTests
{
    private const string Tiny = """
        name: tiny
        seed: 3
        data: {dataset: digits, validation: 0.2}
        objective: val_accuracy
        model: {layers: 1, units: 16}
        training: {learning_rate: {loguniform: [1.0e-3, 3.0e-2]}, batch_size: 32, max_epochs: 2}
        search: {sampler: random, scheduler: fifo, max_trials: 3}
        """;

    private static async Task<CliRun> Script(Dictionary<string, string> env, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Cli.CliRun.RepositoryFile(Path.Combine("deploy", "local", "cluster.sh")));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in env) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Up_2_submit_a_sweep_and_wait_then_down_leaves_no_process()
    {
        using var dir = new TempDir();
        // One run of six free ports: two separate runs of three could overlap once the first is released.
        int http = FreePort.Consecutive(6);
        var env = new Dictionary<string, string>
        {
            ["HPO_CLUSTER_DIR"] = Path.Combine(dir.Path, "cluster"),
            ["HPO_HTTP_PORT"] = http.ToString(),
            ["HPO_CLUSTER_PORT"] = (http + 3).ToString(),
            ["HPO_GRACE"] = "20",
        };
        var pids = new List<int>();
        try
        {
            var up = await Script(env, "up", "2");
            Assert.True(up.ExitCode == 0, up.Stdout + up.Stderr);
            pids.AddRange(Directory.GetFiles(Path.Combine(dir.Path, "cluster", "pids"), "*.pid").Select(f => int.Parse(File.ReadAllText(f).Trim())));
            Assert.Equal(3, pids.Count);

            var status = await Script(env, "status");
            Assert.Equal(0, status.ExitCode);
            Assert.Contains("\"ready\"", status.Stdout);

            var spec = dir.Write("tiny.yaml", Tiny);
            var submit = await HpoProcess.Run("submit", spec, "--api", $"http://127.0.0.1:{http}", "--wait", "--json");
            Assert.True(submit.ExitCode == 0, submit.Stdout + submit.Stderr);
            var json = JsonNode.Parse(submit.LastLine)!;
            Assert.Equal(3, (int)json["completed"]!);
        }
        finally
        {
            var down = await Script(env, "down");
            Assert.True(down.ExitCode == 0, down.Stdout + down.Stderr);
        }
        Assert.All(pids, pid => Assert.False(Alive(pid), $"pid {pid} is still running"));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.Path, "cluster", "pids")));
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
