using System.Text.Json;
using Hpo.Engine.Persistence;

namespace Hpo.Coordinator.Tests.Cli;

[Trait("Category", "Integration")]
public class CheckpointCommandTests
{
    private const string Spec = """
        seed: 3
        data: {dataset: iris, validation: 0.3}
        model: {units: [16, 8], batch_norm: before, dropout: 0.2}
        training: {optimizer: adam, learning_rate: 0.01, batch_size: 8, max_epochs: 6, schedule: cosine}
        """;

    [Fact]
    public async Task Training_resumed_in_a_fresh_process_equals_training_straight_through()
    {
        using var dir = new TempDir();
        var spec = dir.Write("iris.yaml", Spec);
        string ck = Path.Combine(dir.Path, "ck.hpo"), resumed = Path.Combine(dir.Path, "resumed.hpo"), straight = Path.Combine(dir.Path, "straight.hpo");

        var first = await HpoProcess.Run("train", spec, "--epochs", "3", "--checkpoint", ck, "--json");
        Assert.True(first.ExitCode == 0, first.Stderr);
        var second = await HpoProcess.Run("train", spec, "--resume", ck, "--save", resumed, "--json");
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.DoesNotContain("epoch   1/6", second.Stdout);
        Assert.Contains("epoch   4/6", second.Stdout);
        var whole = await HpoProcess.Run("train", spec, "--save", straight, "--json");
        Assert.True(whole.ExitCode == 0, whole.Stderr);

        var a = ModelFile.LoadModel(resumed).Network.Parameters;
        var b = ModelFile.LoadModel(straight).Network.Parameters;
        for (int i = 0; i < a.Count; i++) Assert.Equal(b[i].Value, a[i].Value);
        using var x = JsonDocument.Parse(second.LastLine);
        using var y = JsonDocument.Parse(whole.LastLine);
        foreach (var key in new[] { "epochs", "train_loss", "val_loss", "val_accuracy" })
            Assert.Equal(y.RootElement.GetProperty(key).GetRawText(), x.RootElement.GetProperty(key).GetRawText());
    }
}
