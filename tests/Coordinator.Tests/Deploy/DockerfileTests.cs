using System.Text.RegularExpressions;
using Hpo.Coordinator.Hosting;
using Hpo.Coordinator.Tests.Cli;
using Hpo.Engine.Data;
using Hpo.Node.Hosting;
using Hpo.Worker.Hosting;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// The image's defaults (the Dockerfile's ENV) are settings hpo reads: its API and a worker's metrics listen on every
/// address of the container, so a published port reaches them; and it installs Fashion-MNIST where hpo reads it.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Dockerfile = File.ReadAllText(CliRun.RepositoryFile("Dockerfile"));

    /// <summary>The variables of the runtime stage's ENV instructions (NAME=VALUE, continued over lines).</summary>
    private static Dictionary<string, string> Environment()
    {
        var runtime = Dockerfile[Dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..].Replace("\\\n", " ", StringComparison.Ordinal);
        return runtime.Split('\n').Where(l => l.StartsWith("ENV ", StringComparison.Ordinal))
            .SelectMany(l => Assignment().Matches(l)).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"(\w+)=(\S+)")]
    private static partial Regex Assignment();

    [Fact]
    public void The_images_api_and_worker_metrics_listen_on_every_address()
    {
        var environment = new System.Collections.Hashtable(Environment());
        var anonymous = HpoConfiguration.Build(new Dictionary<string, string?>(), environment: environment);
        environment["HPO__COORDINATOR__APITOKEN"] = "t0ken";

        var configuration = HpoConfiguration.Build(new Dictionary<string, string?>(), environment: environment);

        // Bound to every address, the image's API does not start without a token.
        Assert.Contains("Hpo:Coordinator:ApiToken", Assert.Throws<SettingsException>(() => CoordinatorNodeSettings.Load(anonymous)).Message);
        Assert.Equal("http://0.0.0.0:5080", CoordinatorNodeSettings.Load(configuration).Coordinator.Http);
        Assert.Equal("http://0.0.0.0:5081", NodeSettings.Load(configuration).Worker.Http);
        Assert.Equal("/data", NodeSettings.Load(configuration).DataDirectory);
    }

    [Fact]
    public void The_image_installs_fashion_mnist_where_hpo_reads_it()
    {
        Assert.Matches(@"apt-get install [^\n]*dataset-fashion-mnist", Dockerfile);
        Assert.Contains($"test -f {FashionMnist.DefaultDirectory}/train-images-idx3-ubyte.gz", Dockerfile);
    }
}
