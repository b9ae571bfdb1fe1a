using Hpo.Coordinator.Hosting;
using Hpo.Coordinator.Tests.Cli;
using Hpo.Node.Hosting;
using Hpo.Node.Storage;
using Hpo.Worker.Cluster;
using Hpo.Worker.Hosting;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// deploy/k8s: both overlays render with `kubectl kustomize` and every object validates against the Kubernetes API
/// schemas (tests/manifests/validate.mjs: kubernetes-models plus a walk for unknown fields); the settings the manifests
/// set are settings hpo reads; the dashboards ConfigMap carries the dashboards of deploy/grafana. The chart is checked
/// by the real helm in ChartTests and ChartComparisonTests.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KubernetesManifestTests
{
    private static Task<(int ExitCode, string Stdout, string Stderr)> Run(string program, string? stdin, params string[] args) =>
        RenderedManifests.Run(program, stdin, args);

    private static string Validator => CliRun.RepositoryFile(Path.Combine("tests", "manifests", "validate.mjs"));

    private static Task<string> Render(string overlay) => Renderings.Overlay(overlay);

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
    [InlineData("single", 0, new[] { "Namespace", "ServiceAccount", "ConfigMap", "Secret", "Service", "StatefulSet", "NetworkPolicy" })]
    [InlineData("cluster", 0, new[] { "Namespace", "ServiceAccount", "ConfigMap", "Secret", "Service", "StatefulSet", "Deployment", "PodDisruptionBudget", "NetworkPolicy" })]
    [InlineData("cpu-autoscaling", 0, new[] { "Deployment", "HorizontalPodAutoscaler" })]
    [InlineData("everything", 3, new[] { "Deployment", "ScaledObject", "PodMonitor", "PrometheusRule" })]
    public async Task An_overlay_renders_and_every_object_validates_against_the_api_schemas(string overlay, int customResources, string[] kinds)
    {
        var manifests = await Render(overlay);

        var (code, output) = await Validate(manifests);

        Assert.True(code == 0, output);
        Assert.Contains($" 0 problems, {customResources} not checked", output);
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
        using var dir = new TempDir();
        var settings = await RenderedManifests.Settings("cluster");
        Assert.Equal(("/etc/hpo/tls/tls.crt", "/etc/hpo/tls/tls.key"), (settings["HPO__CLUSTER__CERTIFICATE"], settings["HPO__CLUSTER__CERTIFICATEKEY"]));
        var environment = new System.Collections.Hashtable(await MountedClusterCertificate.Into(settings, dir.Path));
        environment["HPO__CLUSTER__PUBLICHOSTNAME"] = "10.1.2.3";
        environment["HPO__STORAGE__CONNECTIONSTRING"] = "Host=hpo-postgres;Port=5432;Username=hpo;Password=x;Database=hpo";
        environment["HPO__COORDINATOR__APITOKEN"] = "from-the-secret";

        var configuration = HpoConfiguration.Build(new Dictionary<string, string?>(), environment: environment);
        var node = NodeSettings.Load(configuration);
        var coordinator = CoordinatorNodeSettings.Load(configuration);

        Assert.Equal("/data", node.DataDirectory);
        Assert.Equal(("0.0.0.0", "10.1.2.3", 4053), (node.Cluster.Hostname, node.Cluster.PublicHostname, node.Cluster.Port));
        Assert.True(ClusterTls.Load(node.Cluster)?.Certificate.HasPrivateKey, "the mounted tls.crt and tls.key do not load as the node's certificate");
        Assert.Equal(["akka.tcp://hpo@hpo-coordinator-0.hpo-coordinator.hpo.svc.cluster.local:4053"], node.Cluster.Seeds);
        Assert.Equal(StorageProvider.PostgreSql, node.Storage.Provider);
        Assert.Equal(CheckpointStoreKind.Database, node.Worker.CheckpointStore);
        Assert.Equal((2, "http://0.0.0.0:5081"), (node.Worker.Slots, node.Worker.Http));
        Assert.Equal(TimeSpan.FromMinutes(1), node.Worker.DrainTimeout);
        Assert.Equal("http://0.0.0.0:5080", coordinator.Coordinator.Http);
        Assert.Equal("from-the-secret", coordinator.Coordinator.RequiredToken);
    }

    [Theory]
    [InlineData("single", false)]
    [InlineData("cluster", false)]
    [InlineData("single", true)]
    [InlineData("cluster", true)]
    public async Task Every_hpo_pod_mounts_the_cluster_certificate_secret_where_the_settings_look_for_it(string overlay, bool chart)
    {
        var manifests = chart ? await Renderings.Chart(overlay) : await Render(overlay);
        var objects = await Renderings.Objects(manifests);
        var settings = objects.Single(o => Renderings.Kind(o!) == "ConfigMap" && Renderings.Name(o!).EndsWith("-settings", StringComparison.Ordinal))!["data"]!;
        var pods = objects.Where(o => Renderings.PodSpec(o!) is { } spec && spec["containers"]!.AsArray().Any(c => (string)c!["name"]! == "hpo")).ToList();

        Assert.NotEmpty(pods);
        Assert.Equal($"{MountedClusterCertificate.MountPath}/tls.crt", (string?)settings["HPO__CLUSTER__CERTIFICATE"]);
        Assert.Equal($"{MountedClusterCertificate.MountPath}/tls.key", (string?)settings["HPO__CLUSTER__CERTIFICATEKEY"]);
        foreach (var pod in pods)
        {
            var spec = Renderings.PodSpec(pod!)!;
            var mount = spec["containers"]!.AsArray().Single(c => (string)c!["name"]! == "hpo")!["volumeMounts"]!.AsArray()
                .Single(m => (string)m!["mountPath"]! == MountedClusterCertificate.MountPath)!;
            var volume = spec["volumes"]!.AsArray().Single(v => (string)v!["name"]! == (string)mount["name"]!)!;
            Assert.True((bool?)mount["readOnly"], $"{Renderings.Name(pod!)} mounts the certificate writable");
            Assert.Equal("hpo-cluster-tls", (string?)volume["secret"]!["secretName"]);
            Assert.Null(volume["secret"]!["optional"]);
        }
        if (chart)
        {
            var secret = objects.Single(o => Renderings.Kind(o!) == "Secret" && Renderings.Name(o!) == "hpo-cluster-tls")!;
            Assert.Equal("kubernetes.io/tls", (string?)secret["type"]);
            Assert.StartsWith("-----BEGIN CERTIFICATE-----", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["tls.crt"]!)));
        }
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
