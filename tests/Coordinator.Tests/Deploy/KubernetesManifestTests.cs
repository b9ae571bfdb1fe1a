using Hpo.Coordinator.Hosting;
using Hpo.Coordinator.Tests.Cli;
using Hpo.Worker.Cluster;
using Hpo.Worker.Hosting;
using Hpo.Worker.Storage;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// deploy/k8s: both overlays render with `kubectl kustomize` and every object validates against the Kubernetes API
/// schemas (tests/manifests/validate.mjs: kubernetes-models plus a walk for unknown fields); the settings the manifests
/// set are settings hpo reads; the dashboards ConfigMap carries the dashboards of deploy/grafana.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class KubernetesManifestTests
{
    private static Task<(int ExitCode, string Stdout, string Stderr)> Run(string program, string? stdin, params string[] args) =>
        RenderedManifests.Run(program, stdin, args);

    private static string Validator => CliRun.RepositoryFile(Path.Combine("tests", "manifests", "validate.mjs"));

    private static Task<string> Render(string overlay) => RenderedManifests.Render(overlay);

    private static void RequireNodeModules() =>
        Assert.True(Directory.Exists(CliRun.RepositoryFile(Path.Combine("tests", "manifests", "node_modules"))),
            "tests/manifests/node_modules is missing: run `npm ci --prefix tests/manifests` (test.sh does)");

    private static async Task<(int ExitCode, string Output)> Validate(string manifests)
    {
        RequireNodeModules();
        var (code, stdout, stderr) = await Run("node", manifests, Validator);
        return (code, stdout + stderr);
    }

    [Theory]
    [InlineData("single", new[] { "Namespace", "ServiceAccount", "ConfigMap", "Service", "StatefulSet" })]
    [InlineData("cluster", new[] { "Namespace", "ServiceAccount", "ConfigMap", "Secret", "Service", "StatefulSet", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget" })]
    public async Task An_overlay_renders_and_every_object_validates_against_the_api_schemas(string overlay, string[] kinds)
    {
        var manifests = await Render(overlay);

        var (code, output) = await Validate(manifests);

        Assert.True(code == 0, output);
        Assert.Contains(" 0 problems, 0 not checked", output);
        foreach (var kind in kinds) Assert.Contains($"\nkind: {kind}\n", manifests);
    }

    [Fact]
    public async Task A_misspelt_field_and_a_wrong_type_are_caught()
    {
        var manifests = (await Render("cluster")).Replace("imagePullPolicy:", "imagePullPolcy:", StringComparison.Ordinal)
            .Replace("containerPort: 5081", "containerPort: http", StringComparison.Ordinal);

        var (code, output) = await Validate(manifests);

        Assert.Equal(1, code);
        Assert.Contains("imagePullPolcy is not a field of V1Container", output);
        Assert.Contains("containerPort must be integer", output);
    }

    [Fact]
    public async Task The_settings_the_cluster_manifests_set_are_settings_hpo_reads()
    {
        var environment = new System.Collections.Hashtable(await RenderedManifests.Settings("cluster"));
        environment["HPO__CLUSTER__PUBLICHOSTNAME"] = "10.1.2.3";
        environment["HPO__STORAGE__CONNECTIONSTRING"] = "Host=hpo-postgres;Port=5432;Username=hpo;Password=x;Database=hpo";

        var configuration = HpoConfiguration.Build(new Dictionary<string, string?>(), environment: environment);
        var node = NodeSettings.Load(configuration);
        var coordinator = CoordinatorNodeSettings.Load(configuration);

        Assert.Equal("/data", node.DataDirectory);
        Assert.Equal(("0.0.0.0", "10.1.2.3", 4053), (node.Cluster.Hostname, node.Cluster.PublicHostname, node.Cluster.Port));
        Assert.Equal(["akka.tcp://hpo@hpo-coordinator-0.hpo-coordinator.hpo.svc.cluster.local:4053"], node.Cluster.Seeds);
        Assert.Equal(StorageProvider.PostgreSql, node.Storage.Provider);
        Assert.Equal(CheckpointStoreKind.Database, node.Worker.CheckpointStore);
        Assert.Equal((2, "http://0.0.0.0:5081"), (node.Worker.Slots, node.Worker.Http));
        Assert.Equal("http://0.0.0.0:5080", coordinator.Coordinator.Http);
    }

    private static async Task<(int ExitCode, string Output)> CheckChart(string chart)
    {
        RequireNodeModules();
        var (code, stdout, stderr) = await Run("node", null, CliRun.RepositoryFile(Path.Combine("tests", "manifests", "check-chart.mjs")), chart);
        return (code, stdout + stderr);
    }

    private static HashSet<string> KindsAndNames(string manifests) =>
        manifests.Split("\n---\n").Select(d => (Kind: KindLine().Match(d), Name: NameLine().Match(d)))
            .Where(x => x.Kind.Success && x.Kind.Groups[1].Value != "Namespace")
            .Select(x => $"{x.Kind.Groups[1].Value}/{x.Name.Groups[1].Value}").ToHashSet();

    [System.Text.RegularExpressions.GeneratedRegex("(?m)^kind: (\\S+)$")]
    private static partial System.Text.RegularExpressions.Regex KindLine();

    [System.Text.RegularExpressions.GeneratedRegex("(?m)^metadata:\\n(?:  .*\\n)*?  name: (\\S+)$")]
    private static partial System.Text.RegularExpressions.Regex NameLine();

    [Fact]
    public async Task The_helm_chart_describes_the_objects_of_the_cluster_overlay_and_its_values_fit_its_schema()
    {
        var (code, output) = await CheckChart(CliRun.RepositoryFile(Path.Combine("helm", "hpo")));

        Assert.True(code == 0, output);
        var chart = System.Text.Json.Nodes.JsonNode.Parse(output)!["objects"]!.AsArray()
            .Select(o => $"{(string)o!["kind"]!}/{(string)o["name"]!}").ToHashSet();
        var (_, monitors, _) = await Run("kubectl", null, "kustomize", CliRun.RepositoryFile(Path.Combine("deploy", "k8s", "components", "servicemonitor")));
        var overlay = KindsAndNames(await Render("cluster"));
        overlay.UnionWith(KindsAndNames(monitors));
        Assert.Equal(overlay.Order(), chart.Order());
    }

    [Fact]
    public async Task A_value_against_the_schema_and_a_template_reading_a_missing_value_are_caught()
    {
        using var dir = new TempDir();
        var chart = Path.Combine(dir.Path, "hpo");
        foreach (var file in Directory.GetFiles(CliRun.RepositoryFile(Path.Combine("helm", "hpo")), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(chart, Path.GetRelativePath(CliRun.RepositoryFile(Path.Combine("helm", "hpo")), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var values = Path.Combine(chart, "values.yaml");
        File.WriteAllText(values, File.ReadAllText(values).Replace("  slots: 2", "  slots: many", StringComparison.Ordinal));
        File.AppendAllText(Path.Combine(chart, "templates", "settings.yaml"), "  HPO__EXTRA: {{ .Values.workers.nope }}\n");

        var (code, output) = await CheckChart(chart);

        Assert.Equal(1, code);
        Assert.Contains("values.yaml/workers/slots: must be integer", output);
        Assert.Contains("settings.yaml: .Values.workers.nope is not in values.yaml", output);
    }

    [Fact]
    public void The_dashboards_config_maps_hold_the_dashboards_of_deploy_grafana()
    {
        var source = Directory.GetFiles(CliRun.RepositoryFile(Path.Combine("deploy", "grafana", "dashboards")), "*.json").OrderBy(f => f).ToArray();
        foreach (var copy in new[] { Path.Combine("deploy", "k8s", "components", "dashboards"), Path.Combine("helm", "hpo", "dashboards") })
            AssertSameFiles(source, Directory.GetFiles(CliRun.RepositoryFile(copy), "*.json").OrderBy(f => f).ToArray());
    }

    private static void AssertSameFiles(string[] source, string[] copies)
    {
        Assert.Equal(source.Select(Path.GetFileName), copies.Select(Path.GetFileName));
        foreach (var (a, b) in source.Zip(copies))
            Assert.True(File.ReadAllText(a) == File.ReadAllText(b), $"{b} differs from {a}: copy it again");
    }
}
