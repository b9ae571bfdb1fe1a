using Hpo.Coordinator.Hosting;
using Hpo.Coordinator.Tests.Cli;
using Hpo.Node.CommandLine;
using Hpo.TestSupport;
using Hpo.Worker.Hosting;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>One writer per data directory: a second `hpo run` or `hpo serve` is refused with one line naming the holder.</summary>
[Trait("Category", "Integration")]
public sealed class DataDirectoryLockTests
{
    private static readonly string Sweep = SmallSweep.Named("small");

    [Fact]
    public async Task Run_on_the_data_directory_of_a_running_serve_is_refused_naming_its_pid_until_the_serve_is_killed()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        var spec = dir.Write("small.yaml", Sweep);
        int port = FreePort.Next();
        using (var serve = ClusterProcess.Start("hpo.dll", null, "serve", "--data-dir", data, "--http", "http://127.0.0.1:0",
                   "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", $"akka.tcp://hpo@127.0.0.1:{port}"))
        {
            await serve.WaitForLine(l => l.StartsWith("hpo coordinator: API on", StringComparison.Ordinal), LocalCluster.Long);

            var refused = await CliRun.Of("run", spec, "--data-dir", data, "--simulate");

            Assert.Equal(2, refused.ExitCode);
            Assert.Equal($"error: {data} is in use by pid {serve.Id} (hpo serve): one process writes a data directory's journal; " +
                         "stop it, or give this one another --data-dir (hpo status reads it meanwhile)", refused.Stderr.Trim());
            Assert.Empty(refused.Stdout);
            serve.Kill9();
        }

        // The lock died with its process: no stale lock file stops the next writer.
        var run = await CliRun.Of("run", spec, "--data-dir", data, "--simulate");
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    [Fact]
    public async Task A_second_coordinator_on_one_data_directory_is_refused_and_the_first_keeps_serving()
    {
        using var dir = new TempDir();
        var settings = new CoordinatorNodeSettings
        {
            Node = new NodeSettings { DataDirectory = Path.Combine(dir.Path, "data") },
            Coordinator = new CoordinatorOptions { Http = "http://127.0.0.1:0" },
        };
        await using var first = await CoordinatorServer.StartAsync(settings, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<UsageException>(() => CoordinatorServer.StartAsync(settings, CancellationToken.None));

        Assert.StartsWith($"{settings.Node.DataDirectory} is in use by pid {Environment.ProcessId} (hpo serve): ", refused.Message);
        using var http = new HttpClient { BaseAddress = new Uri(first.Url) };
        using var sweeps = await http.GetAsync("sweeps");
        Assert.True(sweeps.IsSuccessStatusCode);
    }
}
