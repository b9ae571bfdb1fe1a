using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// What an operator relies on, in every overlay and the chart: pods that train get their drain timeout plus 35 s to
/// stop; disruption budgets let a node drain; each process is scraped once; selectors find their pods; images are
/// pinned; the workers' autoscaler owns their replicas and scales on the documented metrics of demand.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class OperationsTests
{
    public static TheoryData<string, bool> Cases => new()
    {
        { "single", false }, { "cluster", false }, { "everything", false }, { "cpu-autoscaling", false },
        { "single", true }, { "cluster", true }, { "everything", true }, { "cpu-autoscaling", true },
    };

    private static async Task<JsonArray> Render(string overlay, bool chart) =>
        await Renderings.Objects(chart ? await Renderings.Chart(overlay) : await Renderings.Overlay(overlay));

    private static IEnumerable<JsonNode> OfKind(JsonArray objects, string kind) => objects.Select(o => o!).Where(o => Renderings.Kind(o) == kind);

    private static JsonObject Settings(JsonArray objects) =>
        OfKind(objects, "ConfigMap").Single(o => Renderings.Name(o).EndsWith("-settings", StringComparison.Ordinal))["data"]!.AsObject();

    private static IEnumerable<JsonNode> Workloads(JsonArray objects) => objects.Select(o => o!).Where(o => Renderings.PodSpec(o) is not null);

    private static JsonObject PodLabels(JsonNode workload) => workload["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

    private static bool Selects(JsonObject? selector, JsonObject labels) =>
        selector is not null && selector.Count > 0 && selector.All(kv => (string?)labels[kv.Key] == (string?)kv.Value);

    private static JsonNode HpoContainer(JsonNode workload) =>
        Renderings.PodSpec(workload)!["containers"]!.AsArray().Single(c => (string)c!["name"]! == "hpo")!;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_pod_that_trains_gets_its_drain_timeout_its_pre_stop_pause_and_30_seconds_to_stop(string overlay, bool chart)
    {
        var objects = await Render(overlay, chart);
        var drain = TimeSpan.Parse((string)Settings(objects)["HPO__WORKER__DRAINTIMEOUT"]!, CultureInfo.InvariantCulture);
        bool coordinatorTrains = (string?)Settings(objects)["HPO__COORDINATOR__TRAIN"] == "true";

        var training = Workloads(objects).Where(w => (string?)HpoContainerOrNull(w)?["args"]![0] switch
        {
            "worker" => true,
            "serve" => coordinatorTrains,
            _ => false,
        }).ToList();

        Assert.NotEmpty(training);
        foreach (var workload in training)
        {
            var preStop = HpoContainer(workload)["lifecycle"]!["preStop"]!["exec"]!["command"]!.AsArray().Select(c => (string)c!).ToArray();
            Assert.Equal("sleep", preStop[0]);
            var grace = (int)Renderings.PodSpec(workload)!["terminationGracePeriodSeconds"]!;
            Assert.Equal(int.Parse(preStop[1], CultureInfo.InvariantCulture) + (int)drain.TotalSeconds + 30, grace);
        }
    }

    private static JsonNode? HpoContainerOrNull(JsonNode workload) =>
        Renderings.PodSpec(workload)!["containers"]!.AsArray().SingleOrDefault(c => (string)c!["name"]! == "hpo");

    [Fact]
    public async Task The_charts_grace_period_follows_its_drain_timeout()
    {
        var cluster = await Renderings.Objects(await Helm.Template("hpo", "hpo", ["workers.drainTimeoutSeconds=3725"]));
        var single = await Renderings.Objects(await Helm.Template("hpo", "hpo", ["single=true", "workers.drainTimeoutSeconds=300"]));

        Assert.Equal("01:02:05", (string?)Settings(cluster)["HPO__WORKER__DRAINTIMEOUT"]);
        Assert.Equal(3760, (int)Renderings.PodSpec(OfKind(cluster, "Deployment").Single())!["terminationGracePeriodSeconds"]!);
        Assert.Equal(60, (int)Renderings.PodSpec(OfKind(cluster, "StatefulSet").Single(s => Renderings.Name(s) == "hpo-coordinator"))!["terminationGracePeriodSeconds"]!);
        Assert.Equal(335, (int)Renderings.PodSpec(OfKind(single, "StatefulSet").Single())!["terminationGracePeriodSeconds"]!);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_disruption_budget_lets_a_node_drain_and_selects_pods(string overlay, bool chart)
    {
        var objects = await Render(overlay, chart);

        foreach (var budget in OfKind(objects, "PodDisruptionBudget"))
        {
            Assert.True(budget["spec"]!["maxUnavailable"] is { } max ? (int)max >= 1 : budget["spec"]!["minAvailable"] is null,
                $"{Renderings.Name(budget)} blocks every drain: {budget["spec"]!.ToJsonString()}");
            Assert.Contains(Workloads(objects), w => Selects(budget["spec"]!["selector"]!["matchLabels"]!.AsObject(), PodLabels(w)));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_selector_finds_its_pods_and_each_process_is_scraped_once(string overlay, bool chart)
    {
        var objects = await Render(overlay, chart);
        var monitors = OfKind(objects, "PodMonitor").ToList();

        foreach (var service in OfKind(objects, "Service"))
        {
            Assert.Contains(Workloads(objects), w => Selects(service["spec"]!["selector"]!.AsObject(), PodLabels(w)));
            Assert.Null(service["metadata"]!["annotations"]?["prometheus.io/scrape"]);
        }
        foreach (var workload in Workloads(objects))
        {
            Assert.True(Selects(workload["spec"]!["selector"]!["matchLabels"]!.AsObject(), PodLabels(workload)), Renderings.Name(workload));
            if (HpoContainerOrNull(workload) is not { } hpo) continue;
            bool annotated = workload["spec"]!["template"]!["metadata"]!["annotations"]?["prometheus.io/scrape"] is not null;
            var byMonitor = monitors.Where(m => Selects(m["spec"]!["selector"]!["matchLabels"]!.AsObject(), PodLabels(workload))).ToList();
            Assert.True((annotated ? 1 : 0) + byMonitor.Count == 1, $"{Renderings.Name(workload)}: annotated {annotated}, {byMonitor.Count} PodMonitors");
            var port = annotated
                ? (string)workload["spec"]!["template"]!["metadata"]!["annotations"]!["prometheus.io/port"]!
                : (string)byMonitor[0]["spec"]!["podMetricsEndpoints"]![0]!["port"]!;
            Assert.Contains(hpo["ports"]!.AsArray(), p => (string?)p!["name"] == port || ((int)p!["containerPort"]!).ToString(CultureInfo.InvariantCulture) == port);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_image_is_pinned_and_the_version_label_is_the_images_tag(string overlay, bool chart)
    {
        var objects = await Render(overlay, chart);

        foreach (var workload in Workloads(objects))
        {
            foreach (var container in Renderings.PodSpec(workload)!["containers"]!.AsArray())
            {
                var image = (string)container!["image"]!;
                Assert.Matches(@"^[^:]+:[^:]+$", image);
                Assert.False(image.EndsWith(":latest", StringComparison.Ordinal), image);
            }
            if (HpoContainerOrNull(workload) is { } hpo)
                Assert.Equal(((string)hpo["image"]!).Split(':')[1], (string?)PodLabels(workload)["app.kubernetes.io/version"]);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_autoscaled_worker_deployment_leaves_its_replicas_to_the_autoscaler_which_scales_on_documented_demand(string overlay, bool chart)
    {
        var objects = await Render(overlay, chart);
        var scaled = OfKind(objects, "ScaledObject").Concat(OfKind(objects, "HorizontalPodAutoscaler")).ToList();

        foreach (var deployment in OfKind(objects, "Deployment"))
            Assert.Equal(scaled.Count == 0, deployment["spec"]!["replicas"] is not null);
        foreach (var keda in OfKind(objects, "ScaledObject"))
        {
            var trigger = keda["spec"]!["triggers"]![0]!["metadata"]!;
            Assert.Equal((string?)Settings(objects)["HPO__WORKER__SLOTS"], (string?)trigger["threshold"]);
            Assert.True((int)keda["spec"]!["minReplicaCount"]! >= 1, "no worker: no dispatch, so no demand would show");
            var metrics = MetricName().Matches((string)trigger["query"]!).Select(m => m.Value).ToHashSet();
            Assert.Equal(["hpo_training_slots_busy", "hpo_dispatches_queued"], metrics);
            Assert.Subset(DocumentedMetrics(), metrics);
        }
    }

    [GeneratedRegex(@"hpo_[a-z_]+")]
    internal static partial Regex MetricName();

    /// <summary>The metrics docs/metrics.md lists (a histogram's series by their suffixes too); DashboardTests checks a real cluster serves them.</summary>
    internal static HashSet<string> DocumentedMetrics()
    {
        var names = File.ReadAllLines(CliRun.RepositoryFile(Path.Combine("docs", "metrics.md")))
            .Select(l => DocumentedRow().Match(l)).Where(m => m.Success).ToList();
        return names.SelectMany(m => m.Groups["type"].Value == "histogram"
            ? new[] { "_bucket", "_sum", "_count" }.Select(s => m.Groups["name"].Value + s)
            : [m.Groups["name"].Value]).ToHashSet();
    }

    [GeneratedRegex(@"^\| `(?<name>hpo_[a-z_]+)` \| (?<type>[a-z]+) \|")]
    private static partial Regex DocumentedRow();
}
