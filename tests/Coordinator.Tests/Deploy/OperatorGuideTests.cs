using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// The README's Kubernetes section is what an operator runs: its overlay of one's own (written one folder deeper,
/// under the ignored .hpo, so its paths gain a "../") and its helm install render into one namespace, with the
/// registry, the password, the scraping and the release label it asks for.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class OperatorGuideTests
{
    private static string Section()
    {
        var readme = File.ReadAllText(CliRun.RepositoryFile("README.md"));
        int start = readme.IndexOf("\n## Kubernetes\n", StringComparison.Ordinal);
        return readme[start..readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal)];
    }

    [GeneratedRegex(@"cat > my-hpo/kustomization\.yaml <<'YAML'\n(?<body>.*?)\nYAML\n", RegexOptions.Singleline)]
    private static partial Regex OverlayBlock();

    [GeneratedRegex(@"openssl req (?<args>(?:[^\n]*\\\n)*[^\n]*)")]
    private static partial Regex OpenSslRequest();

    [GeneratedRegex(@"helm install (?<args>(?:[^\n]*\\\n)*[^\n]*)")]
    private static partial Regex HelmInstall();

    [GeneratedRegex(@"'[^']*'|\S+")]
    private static partial Regex ShellWord();

    private static void AssertAsAsked(JsonArray objects)
    {
        Assert.Empty(NamespaceTests.Outside(objects, Renderings.Namespace));
        var containers = objects.Select(o => Renderings.PodSpec(o!)).OfType<JsonObject>().SelectMany(p => p["containers"]!.AsArray()).ToList();
        Assert.All(containers.Where(c => (string)c!["name"]! == "hpo"), c => Assert.Equal("registry.example.com/hpo:0.1.0", (string?)c!["image"]));
        foreach (var kind in new[] { "PodMonitor", "PrometheusRule", "ScaledObject" })
            Assert.Single(objects, o => Renderings.Kind(o!) == kind);
        Assert.All(objects.Where(o => Renderings.Kind(o!) is "PodMonitor" or "PrometheusRule"),
            o => Assert.Equal("kube-prometheus-stack", (string?)o!["metadata"]!["labels"]!["release"]));
        Assert.DoesNotContain(objects, o => Renderings.PodSpec(o!) is not null && o!["spec"]!["template"]!["metadata"]!["annotations"] is not null);
    }

    [Fact]
    public async Task The_readmes_own_overlay_renders_into_one_namespace_with_the_registry_password_and_monitoring_it_sets()
    {
        var body = OverlayBlock().Match(Section()).Groups["body"].Value;
        Assert.NotEmpty(body);
        var dir = CliRun.RepositoryFile(Path.Combine(".hpo", $"my-hpo-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(dir);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "kustomization.yaml"), body.Replace("../deploy/", "../../deploy/", StringComparison.Ordinal));
            // The README's certificate, made by its own openssl command (my-hpo/ being this directory).
            var openssl = OpenSslRequest().Match(Section()).Groups["args"].Value.Replace("\\\n", " ", StringComparison.Ordinal);
            var (made, _, why) = await RenderedManifests.Run("openssl", null,
                [.. new[] { "req" }, .. ShellWord().Matches(openssl).Select(m => m.Value.Replace("my-hpo/", dir + "/", StringComparison.Ordinal))]);
            Assert.True(made == 0, why);
            var (code, stdout, stderr) = await RenderedManifests.Run("kubectl", null, "kustomize", dir);
            Assert.True(code == 0, stderr);
            var objects = await Renderings.Objects(stdout);

            AssertAsAsked(objects);
            var secret = objects.Single(o => Renderings.Kind(o!) == "Secret" && Renderings.Name(o!) == "hpo-database")!["data"]!;
            Assert.Equal("choose-one", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["POSTGRES_PASSWORD"]!)));
            var token = objects.Single(o => Renderings.Kind(o!) == "Secret" && Renderings.Name(o!) == "hpo-api-token")!["data"]!;
            Assert.Equal("choose-a-token", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)token["HPO__COORDINATOR__APITOKEN"]!)));
            var tls = objects.Single(o => Renderings.Kind(o!) == "Secret" && Renderings.Name(o!) == "hpo-cluster-tls")!;
            Assert.Equal("kubernetes.io/tls", (string?)tls["type"]);
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(dir, "cluster.crt")),
                System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)tls["data"]!["tls.crt"]!)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_readmes_helm_install_renders_into_one_namespace_with_the_registry_password_and_monitoring_it_sets()
    {
        var command = HelmInstall().Match(Section()).Groups["args"].Value.Replace("\\\n", " ", StringComparison.Ordinal);
        var words = ShellWord().Matches(command).Select(m => m.Value.Trim('\'')).ToArray();
        Assert.Equal(["hpo", "helm/hpo", "-n", "hpo"], words[..4]);

        var (code, stdout, stderr) = await Helm.Run([.. new[] { "template", "hpo", Helm.Chart, "-n", "hpo" }, .. words[4..]]);

        Assert.True(code == 0, stderr);
        var objects = await Renderings.Objects(stdout);
        AssertAsAsked(objects);
        var secret = objects.Single(o => Renderings.Kind(o!) == "Secret" && Renderings.Name(o!) == "hpo-database")!["data"]!;
        Assert.Equal("choose-one", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["POSTGRES_PASSWORD"]!)));
    }
}
