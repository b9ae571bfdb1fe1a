using Hpo.Cli;
using Microsoft.Extensions.Configuration;

namespace Hpo.Coordinator.Tests.Cli;

public sealed class WorkerCommandTests
{
    [Fact]
    public async Task A_worker_stopped_before_its_node_has_started_leaves_with_exit_code_0_and_says_what_it_trained()
    {
        var data = Directory.CreateTempSubdirectory("hpo-worker-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Hpo:DataDirectory"] = data,
                ["Hpo:Cluster:Hostname"] = "127.0.0.1",
                ["Hpo:Cluster:Port"] = "0",
                ["Hpo:Cluster:Seeds:0"] = "akka.tcp://hpo@127.0.0.1:1",
                ["Hpo:Worker:Http"] = "http://127.0.0.1:0",
            }).Build();
            using var stdout = new StringWriter();
            // SIGTERM that arrives while a node starts (a pod stopped during a rejoin) is a stop, not a failure.
            using var terminated = new CancellationTokenSource();
            await terminated.CancelAsync();

            int exit = await WorkerCommand.RunAsync(configuration, stdout, terminated.Token);

            Assert.Equal(0, exit);
            Assert.Contains("hpo worker: left the cluster; 0 rungs handed back, 0 epochs trained here (0 of them again)", stdout.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
