using System.Net;
using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>
/// Checkpoints in each worker's own directory (the default store, on a machine of its own): the coordinator, which
/// trains nothing and has none of them, still hands out the best model, fetched from the worker that stored it.
/// </summary>
[Trait("Category", "Integration")]
public class BestModelFromWorkerTests
{
    [Fact]
    public async Task The_best_model_downloads_from_a_worker_directory_that_is_not_the_coordinators_and_hpo_predict_reads_it()
    {
        using var dir = new TempDir();
        using var cluster = new LocalCluster(Path.Combine(dir.Path, "data"), workers: 1);
        var workerCheckpoints = Path.Combine(dir.Path, "worker-disk", "checkpoints");
        await cluster.StartCoordinator();
        cluster.StartWorkers(2, "--checkpoint-dir", workerCheckpoints);
        var saved = Path.Combine(dir.Path, "saved.hpo");
        var submit = await CliRun.Of("submit", dir.Write("iris.yaml", RunCommandTests.IrisSweep), "--api", cluster.Api, "--wait", "--save-best", saved);
        Assert.True(submit.ExitCode == 0, submit.Stderr + submit.Stdout);

        Assert.False(Directory.Exists(Path.Combine(dir.Path, "data", "checkpoints")), "the coordinator has checkpoints of its own");
        Assert.NotEmpty(Directory.EnumerateFiles(workerCheckpoints, "*", SearchOption.AllDirectories));
        using var model = await cluster.Http.GetAsync("/sweeps/iris-asha/best/model");
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        var file = Path.Combine(dir.Path, "best.hpo");
        await File.WriteAllBytesAsync(file, await model.Content.ReadAsByteArrayAsync());
        Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(saved));

        var predict = await CliRun.Of("predict", file, dir.Write("flowers.csv", "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n"));
        Assert.True(predict.ExitCode == 0, predict.Stderr);
        Assert.Equal(3, predict.Stdout.Trim().Split('\n').Length); // a header and one prediction per row
    }
}
