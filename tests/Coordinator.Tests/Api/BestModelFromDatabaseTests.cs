using System.Net;
using System.Text.Json.Nodes;
using Hpo.Coordinator.Hosting;
using Hpo.Coordinator.Tests.Cli;
using Hpo.Engine.Persistence;
using Hpo.Node.Storage;
using Hpo.TestSupport;
using Hpo.Worker.Cluster;
using Hpo.Worker.Hosting;

namespace Hpo.Coordinator.Tests.Api;

/// <summary>With the SQL checkpoint store, the API's best model comes from the database, not from a directory on the coordinator's disk.</summary>
[Trait("Category", "Integration")]
public sealed class BestModelFromDatabaseTests
{
    [Fact]
    public async Task The_best_model_downloads_from_the_sql_checkpoint_store_and_reads_as_a_model_file()
    {
        using var dir = new TempDir();
        await using var postgres = await PostgresServer.StartAsync();
        var settings = new CoordinatorNodeSettings
        {
            Node = new NodeSettings
            {
                DataDirectory = Path.Combine(dir.Path, "data"),
                Storage = new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = postgres.ConnectionString },
                Worker = new WorkerOptions { Slots = 2, CheckpointStore = CheckpointStoreKind.Database },
            },
            Coordinator = new CoordinatorOptions { Http = "http://127.0.0.1:0", Train = true },
        };
        await using var server = await CoordinatorServer.StartAsync(settings, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };

        using var created = await http.PostAsync("/sweeps?source=iris.yaml", new StringContent(RunCommandTests.IrisSweep));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        JsonNode sweep = null!;
        for (int i = 0; i < 600 && (sweep is null || !(bool)sweep["is_over"]!); i++)
        {
            await Task.Delay(100);
            sweep = JsonNode.Parse(await http.GetStringAsync("/sweeps/iris-asha"))!;
        }
        Assert.Equal("finished", (string?)sweep["state"]);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "data", "checkpoints")), "the checkpoints went to a directory");

        using var model = await http.GetAsync("/sweeps/iris-asha/best/model");

        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        var loaded = ModelFile.ReadModel(new MemoryStream(await model.Content.ReadAsByteArrayAsync()), "best");
        Assert.Equal(4, loaded.Header.InputWidth);
    }
}
