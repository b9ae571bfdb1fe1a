using System.Text.Json.Nodes;
using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// Every way the repository deploys Hpo, rendered: the two overlays, the cluster overlay with every optional component
/// (tests/manifests/overlays), and the chart in the modes that match them. Each overlay has the chart values that
/// describe the same objects (<see cref="ChartSets"/>).
/// </summary>
internal static class Renderings
{
    public const string Namespace = "hpo";

    /// <summary>Overlays: deploy/k8s/overlays/NAME, or tests/manifests/overlays/NAME (the cluster overlay with components).</summary>
    public static readonly string[] Overlays = ["single", "cluster", "everything", "cpu-autoscaling"];

    /// <summary>The chart values that describe the objects of an overlay.</summary>
    public static string[] ChartSets(string overlay) => overlay switch
    {
        "single" => ["single=true"],
        "cluster" => [],
        "everything" => ["metrics.scrape=podMonitor", "alerts.enabled=true", "workers.autoscaling.kind=keda"],
        "cpu-autoscaling" => ["workers.autoscaling.kind=cpu"],
        _ => throw new ArgumentOutOfRangeException(nameof(overlay), overlay, null),
    };

    public static string OverlayDirectory(string overlay) =>
        Directory.Exists(CliRun.RepositoryFile(Path.Combine("deploy", "k8s", "overlays", overlay)))
            ? CliRun.RepositoryFile(Path.Combine("deploy", "k8s", "overlays", overlay))
            : CliRun.RepositoryFile(Path.Combine("tests", "manifests", "overlays", overlay));

    public static async Task<string> Overlay(string overlay)
    {
        var (code, stdout, stderr) = await RenderedManifests.Run("kubectl", null, "kustomize", OverlayDirectory(overlay));
        Assert.True(code == 0, $"kubectl kustomize {overlay}: {stderr}");
        return stdout;
    }

    /// <summary>The chart as release "hpo" in namespace <paramref name="ns"/>, with the values that match <paramref name="overlay"/>.</summary>
    public static Task<string> Chart(string overlay, string ns = Namespace) => Helm.Template("hpo", ns, ChartSets(overlay));

    /// <summary>The objects of rendered manifests as JSON, typed as YAML reads them (tests/manifests/to-json.mjs).</summary>
    public static async Task<JsonArray> Objects(string manifests)
    {
        Assert.True(Directory.Exists(CliRun.RepositoryFile(Path.Combine("tests", "manifests", "node_modules"))),
            "tests/manifests/node_modules is missing: run `npm ci --prefix tests/manifests` (test.sh does)");
        var (code, stdout, stderr) = await RenderedManifests.Run("node", manifests, CliRun.RepositoryFile(Path.Combine("tests", "manifests", "to-json.mjs")));
        Assert.True(code == 0, stderr);
        return JsonNode.Parse(stdout)!.AsArray();
    }

    public static string Kind(JsonNode o) => (string)o["kind"]!;

    public static string Name(JsonNode o) => (string)o["metadata"]!["name"]!;

    /// <summary>The pod template of a workload, or null.</summary>
    public static JsonObject? PodSpec(JsonNode o) => Kind(o) is "Deployment" or "StatefulSet" ? o["spec"]!["template"]!["spec"]!.AsObject() : null;
}
