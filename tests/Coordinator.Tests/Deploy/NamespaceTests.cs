using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// Every namespaced object of every overlay (each optional component included) and of the chart lands in one
/// namespace, and every namespace named inside an object (the seed's DNS name, the autoscaling query) is that one.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class NamespaceTests
{
    private static readonly HashSet<string> ClusterScoped = ["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume", "PriorityClass", "StorageClass"];

    public static TheoryData<string> Overlays => new(Renderings.Overlays);

    /// <summary>"KIND/NAME: WHY" for each object outside <paramref name="ns"/>, or naming another namespace.</summary>
    internal static List<string> Outside(JsonArray objects, string ns)
    {
        var problems = new List<string>();
        foreach (var o in objects.Select(o => o!))
        {
            var where = $"{Renderings.Kind(o)}/{Renderings.Name(o)}";
            if (!ClusterScoped.Contains(Renderings.Kind(o)) && (string?)o["metadata"]!["namespace"] != ns)
                problems.Add($"{where}: in namespace {(string?)o["metadata"]!["namespace"] ?? "(none: the context's)"}");
            foreach (var named in Strings(o).SelectMany(s => NamespaceReference().Matches(s)).Select(m => m.Groups["ns"].Value).Where(n => n != ns).Distinct())
                problems.Add($"{where}: names namespace {named}");
        }
        return problems;
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(kv => Strings(kv.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue(out string? s) => [s],
        _ => [],
    };

    [GeneratedRegex(@"\.(?<ns>[a-z0-9-]+)\.svc\.cluster\.local|namespace=""(?<ns>[^""]+)""")]
    private static partial Regex NamespaceReference();

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_namespaced_object_of_an_overlay_is_in_its_namespace(string overlay)
    {
        var objects = await Renderings.Objects(await Renderings.Overlay(overlay));

        Assert.Empty(Outside(objects, Renderings.Namespace));
        Assert.Equal(Renderings.Namespace, Renderings.Name(objects.Single(o => Renderings.Kind(o!) == "Namespace")!));
        Assert.Contains(objects, o => Renderings.Kind(o!) == "Deployment" || Renderings.Kind(o!) == "StatefulSet");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_object_of_the_chart_is_in_the_release_namespace(string overlay)
    {
        var objects = await Renderings.Objects(await Renderings.Chart(overlay, "team-a"));

        Assert.Empty(Outside(objects, "team-a"));
        Assert.DoesNotContain(objects, o => ClusterScoped.Contains(Renderings.Kind(o!)));
    }

    [Fact]
    public async Task An_object_without_the_namespace_and_a_seed_in_another_are_caught()
    {
        var objects = await Renderings.Objects(await Renderings.Overlay("cluster"));
        var worker = objects.Single(o => Renderings.Name(o!) == "hpo-worker" && Renderings.Kind(o!) == "Deployment")!;
        worker["metadata"]!.AsObject().Remove("namespace");
        var settings = objects.Single(o => Renderings.Name(o!) == "hpo-settings")!;
        settings["data"]!["HPO__CLUSTER__SEEDS__0"] = "akka.tcp://hpo@hpo-coordinator-0.hpo-coordinator.default.svc.cluster.local:4053";

        string[] expected = ["ConfigMap/hpo-settings: names namespace default", "Deployment/hpo-worker: in namespace (none: the context's)"];
        Assert.Equal(expected, Outside(objects, Renderings.Namespace).Order(StringComparer.Ordinal));
    }
}
