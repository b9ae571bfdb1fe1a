using System.Text.Json.Nodes;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// The NetworkPolicies of every rendering (overlays and chart): every port of every pod is covered by a rule of a policy
/// that selects the pod; the cluster port and PostgreSQL take Hpo pods only, a worker's metrics Hpo pods and Prometheus.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NetworkPolicyTests
{
    public static TheoryData<string> Overlays => new(Renderings.Overlays);

    private static bool Selects(JsonNode? selector, JsonObject labels) =>
        selector?["matchLabels"]?.AsObject().All(p => labels[p.Key] is { } v && (string?)v == (string?)p.Value) ?? true;

    private static bool HpoPods(JsonNode peer) =>
        peer["namespaceSelector"] is null && (string?)peer["podSelector"]?["matchLabels"]?["app.kubernetes.io/name"] == "hpo";

    private static bool Prometheus(JsonNode peer) =>
        peer["podSelector"] is null && (string?)peer["namespaceSelector"]?["matchLabels"]?["kubernetes.io/metadata.name"] == "monitoring";

    private static void AssertEveryPortCovered(JsonArray objects)
    {
        var policies = objects.Where(o => Renderings.Kind(o!) == "NetworkPolicy").ToList();
        var pods = objects.Where(o => Renderings.PodSpec(o!) is not null).ToList();
        Assert.NotEmpty(pods);
        foreach (var pod in pods)
        {
            var labels = pod!["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
            var selecting = policies.Where(p => Selects(p!["spec"]!["podSelector"], labels)).ToList();
            Assert.True(selecting.Count > 0, $"no NetworkPolicy selects {Renderings.Name(pod)}");
            Assert.All(selecting, p => Assert.Contains("Ingress", p!["spec"]!["policyTypes"]!.AsArray().Select(t => (string?)t)));
            foreach (var port in Renderings.PodSpec(pod)!["containers"]!.AsArray().SelectMany(c => c!["ports"]!.AsArray()).Select(p => (int)p!["containerPort"]!))
            {
                var peers = selecting.SelectMany(p => p!["spec"]!["ingress"]!.AsArray())
                    .Where(r => r!["ports"]!.AsArray().Any(p => (int)p!["port"]! == port))
                    .SelectMany(r => r!["from"]!.AsArray()).ToList();
                Assert.True(peers.Count > 0, $"{Renderings.Name(pod)}: port {port} is in no NetworkPolicy rule");
                Func<JsonNode, bool> allowed = port switch
                {
                    4053 or 5432 => HpoPods,
                    5081 => p => HpoPods(p) || Prometheus(p),
                    5080 => p => Prometheus(p) || p["podSelector"]?.AsObject().Count == 0,
                    _ => _ => false,
                };
                Assert.All(peers, p => Assert.True(allowed(p!), $"{Renderings.Name(pod)}: port {port} is open to {p!.ToJsonString()}"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_port_of_every_pod_of_an_overlay_is_covered_and_the_cluster_port_takes_hpo_pods_only(string overlay) =>
        AssertEveryPortCovered(await Renderings.Objects(await Renderings.Overlay(overlay)));

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_port_of_every_pod_of_the_chart_is_covered_and_the_cluster_port_takes_hpo_pods_only(string overlay) =>
        AssertEveryPortCovered(await Renderings.Objects(await Renderings.Chart(overlay)));

    [Fact]
    public async Task The_charts_api_namespaces_and_prometheus_namespace_are_the_ones_set()
    {
        var objects = await Renderings.Objects(await Helm.Template("hpo", "hpo",
            ["networkPolicy.apiNamespaces={ingress-nginx,ci}", "networkPolicy.prometheusNamespace=observability"]));
        var policies = objects.Where(o => Renderings.Kind(o!) == "NetworkPolicy").ToDictionary(o => Renderings.Name(o!), o => o!["spec"]!);

        // "-": a peer that names no namespace (the release's own).
        string[] Namespaces(JsonNode rule) =>
            rule["from"]!.AsArray().Select(p => (string?)p!["namespaceSelector"]?["matchLabels"]?["kubernetes.io/metadata.name"] ?? "-").ToArray();
        Assert.Equal(["-", "ingress-nginx", "ci"], Namespaces(policies["hpo-api"]["ingress"]![0]!));
        Assert.Equal(["observability"], Namespaces(policies["hpo-cluster"]["ingress"]![1]!));
        Assert.Equal(["hpo-api", "hpo-cluster", "hpo-postgres"], policies.Keys.Order());
    }
}
