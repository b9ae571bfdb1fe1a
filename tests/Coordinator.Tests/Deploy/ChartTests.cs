using System.Text.Json.Nodes;
using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// helm/hpo through the real helm: `helm lint --strict` is clean in every mode, every rendering validates against the
/// Kubernetes API schemas, two releases share no name, the schema takes what charts are given (global, pull secrets)
/// and rejects the rest, and settings replace the chart's variables instead of repeating them.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ChartTests
{
    public static TheoryData<string> Overlays => new(Renderings.Overlays);

    private static JsonObject Settings(JsonArray objects) =>
        objects.Single(o => Renderings.Kind(o!) == "ConfigMap" && Renderings.Name(o!).EndsWith("-settings", StringComparison.Ordinal))!["data"]!.AsObject();

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Helm_lint_strict_is_clean(string overlay)
    {
        var (code, stdout, stderr) = await Helm.Run([.. new[] { "lint", "--strict", Helm.Chart }, .. Renderings.ChartSets(overlay).SelectMany(s => new[] { "--set", s })]);

        TestContext.Current.TestOutputHelper?.WriteLine(stdout + stderr);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("1 chart(s) linted, 0 chart(s) failed", stdout);
        Assert.DoesNotContain("[WARNING]", stdout + stderr);
        Assert.DoesNotContain("[ERROR]", stdout + stderr);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_object_the_chart_renders_validates_against_the_api_schemas(string overlay)
    {
        var (code, stdout, stderr) = await RenderedManifests.Run("node", await Renderings.Chart(overlay),
            CliRun.RepositoryFile(Path.Combine("tests", "manifests", "validate.mjs")));

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains(" 0 problems", stdout);
    }

    [Fact]
    public async Task Two_releases_in_one_namespace_share_no_object_name_and_select_only_their_own_pods()
    {
        var a = await Renderings.Objects(await Helm.Template("a", "team", []));
        var b = await Renderings.Objects(await Helm.Template("b", "team", []));

        string Key(JsonNode? o) => $"{Renderings.Kind(o!)}/{Renderings.Name(o!)}";
        Assert.Empty(a.Select(Key).Intersect(b.Select(Key)));
        Assert.Contains("StatefulSet/a-hpo-coordinator", a.Select(Key));
        Assert.All(a.Where(o => o!["spec"]?["selector"] is not null), o =>
            Assert.Equal("a", (string?)(o!["spec"]!["selector"]!["matchLabels"] ?? o["spec"]!["selector"])!["app.kubernetes.io/instance"]));
        Assert.Equal("akka.tcp://hpo@a-hpo-coordinator-0.a-hpo-coordinator.team.svc.cluster.local:4053", (string?)Settings(a)["HPO__CLUSTER__SEEDS__0"]);
    }

    [Fact]
    public async Task The_schema_takes_global_and_pull_secrets_and_rejects_a_wrong_type_or_an_unknown_value()
    {
        var objects = await Renderings.Objects(await Helm.Template("hpo", "hpo", ["global.imagePullSecrets[0].name=shared", "imagePullSecrets[0].name=registry", "image.repository=registry.example/hpo", "image.tag=1.2.3"]));
        var wrongType = await Helm.TryTemplate("hpo", "hpo", ["workers.slots=many"]);
        var unknown = await Helm.TryTemplate("hpo", "hpo", ["workers.terminationGracePeriodSeconds=90"]);

        var pods = objects.Select(o => Renderings.PodSpec(o!)).OfType<JsonObject>().ToList();
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p => Assert.Equal(["shared", "registry"], p["imagePullSecrets"]!.AsArray().Select(s => (string)s!["name"]!)));
        Assert.All(pods.SelectMany(p => p["containers"]!.AsArray()).Where(c => (string)c!["name"]! == "hpo"),
            c => Assert.Equal("registry.example/hpo:1.2.3", (string?)c!["image"]));
        Assert.NotEqual(0, wrongType.ExitCode);
        Assert.Contains("/workers/slots", wrongType.Stderr);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("terminationGracePeriodSeconds", unknown.Stderr);
    }

    [Fact]
    public async Task Settings_replace_the_charts_own_variables_once_and_those_derived_from_values_are_refused()
    {
        var objects = await Renderings.Objects(await Helm.Template("hpo", "hpo", ["settings.HPO__CLUSTER__SPLITBRAINSTRATEGY=KeepOldest", "settings.HPO__WORKER__CAPACITYINTERVAL=00:00:10"]));
        var derived = await Helm.TryTemplate("hpo", "hpo", ["settings.HPO__WORKER__SLOTS=4"]);

        Assert.Equal("KeepOldest", (string?)Settings(objects)["HPO__CLUSTER__SPLITBRAINSTRATEGY"]);
        Assert.Equal("00:00:10", (string?)Settings(objects)["HPO__WORKER__CAPACITYINTERVAL"]);
        Assert.NotEqual(0, derived.ExitCode);
        Assert.Contains("settings.HPO__WORKER__SLOTS: the chart derives it from workers.slots", derived.Stderr);
    }
}
