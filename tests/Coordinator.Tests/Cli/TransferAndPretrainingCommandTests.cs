using System.Text.Json;

namespace Hpo.Coordinator.Tests.Cli;

public class TransferAndPretrainingCommandTests
{
    private static string Blobs(int seed, string extra = "") => $$"""
        seed: 1
        data: {dataset: blobs, samples: 600, features: 2, centers: 3, cluster_std: 2.0, data_seed: {{seed}}, validation: 0.5}
        model: {units: [5, 5, 5], init: he_uniform}
        training: {optimizer: momentum, learning_rate: 0.01, momentum: 0.9, batch_size: 32, max_epochs: 5{{extra}}}
        """;

    [Fact]
    public async Task A_model_saved_on_one_problem_starts_training_on_another()
    {
        using var dir = new TempDir();
        var source = Path.Combine(dir.Path, "problem1.hpo");
        Assert.Equal(0, (await CliRun.Of("train", dir.Write("p1.yaml", Blobs(1)), "--save", source)).ExitCode);

        var run = await CliRun.Of("train", dir.Write("p2.yaml", Blobs(2, ", transfer: {from: problem1.hpo, freeze: 2}")), "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.LastLine);
        Assert.Equal(5, json.RootElement.GetProperty("epochs").GetInt32());

        var tooMany = await CliRun.Of("train", dir.Write("p3.yaml", Blobs(2, ", transfer: {from: problem1.hpo, freeze: 4}")));
        Assert.Equal(2, tooMany.ExitCode);
        Assert.Contains("freeze", tooMany.Stderr);
    }

    [Fact]
    public async Task Transfer_from_a_model_with_other_inputs_is_refused()
    {
        using var dir = new TempDir();
        var iris = Path.Combine(dir.Path, "iris.hpo");
        Assert.Equal(0, (await CliRun.Of("train", dir.Write("iris.yaml", "data: {dataset: iris}\nmodel: {units: [5, 5, 5]}\ntraining: {max_epochs: 1}\n"), "--save", iris)).ExitCode);
        var run = await CliRun.Of("train", dir.Write("p2.yaml", Blobs(2, ", transfer: {from: iris.hpo}")));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("iris.hpo: the model takes 4 inputs but the data has 2 features", run.Stderr);
    }

    [Fact]
    public async Task Pretraining_runs_its_stages_before_the_main_training()
    {
        using var dir = new TempDir();
        var run = await CliRun.Of("train", dir.Write("pre.yaml", Blobs(1, ", pretraining: supervised")));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("pretraining layer 1:", run.Stdout);
        Assert.Contains("pretraining layer 2:", run.Stdout);
        Assert.DoesNotContain("pretraining layer 3:", run.Stdout);
        Assert.Contains("epoch   5/5", run.Stdout);
    }
}
