using System.Text.Json;
using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>Real data at scale: Fashion-MNIST from Debian's dataset-fashion-mnist package.</summary>
[Trait("Category", "Integration")]
public class FashionMnistTests
{
    [Fact]
    public async Task A_784_256_128_10_network_reaches_the_published_mlp_accuracy_within_ten_epochs()
    {
        var run = await CliRun.Of("train", CliRun.RepositoryFile("examples/fashion-mnist-train.yaml"), "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.LastLine);
        Assert.True(json.RootElement.GetProperty("epochs").GetInt32() <= 10);
        var test = json.RootElement.GetProperty("test");
        Assert.Equal(10_000, test.GetProperty("samples").GetInt32());
        double accuracy = test.GetProperty("accuracy").GetDouble();
        Assert.True(accuracy >= 0.87, $"Fashion-MNIST test accuracy {accuracy}");
    }
}
