using System.Text.Json.Nodes;
using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// The alerting rules (deploy/k8s/components/alerts, and the chart's copy, which ChartComparisonTests keeps equal):
/// `promtool check rules` accepts them, `promtool test rules` passes tests/manifests/alerts with series that fire and
/// series that do not for every alert, a changed threshold fails it, and every metric they read is one Hpo exports.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AlertRuleTests
{
    private static string TestFile => CliRun.RepositoryFile(Path.Combine("tests", "manifests", "alerts", "hpo.rules.test.yaml"));

    /// <summary>The spec of the PrometheusRule the overlay with every component renders, as a rules file (JSON is YAML).</summary>
    private static async Task<JsonNode> Rules()
    {
        var objects = await Renderings.Objects(await Renderings.Overlay("everything"));
        return objects.Single(o => Renderings.Kind(o!) == "PrometheusRule")!["spec"]!;
    }

    private static IEnumerable<JsonNode> Alerts(JsonNode rules) =>
        rules["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!);

    [Fact]
    public async Task Promtool_checks_the_rules_and_their_tests_pass()
    {
        var rules = await Rules();
        using var dir = new TempDir();

        var check = await RunPromtool(dir, rules.ToJsonString(), "check", "rules", "hpo.rules.yaml");
        var test = await RunPromtool(dir, rules.ToJsonString(), "test", "rules", "hpo.rules.test.yaml");

        TestContext.Current.TestOutputHelper?.WriteLine(check.Output + test.Output);
        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains($"SUCCESS: {Alerts(rules).Count()} rules found", check.Output);
        Assert.True(test.ExitCode == 0, test.Output);
        Assert.Contains("SUCCESS", test.Output);
    }

    private static async Task<(int ExitCode, string Output)> RunPromtool(TempDir dir, string rules, string command, string kind, string file)
    {
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "hpo.rules.yaml"), rules);
        File.Copy(TestFile, Path.Combine(dir.Path, "hpo.rules.test.yaml"), overwrite: true);
        var (code, stdout, stderr) = await RenderedManifests.Run("promtool", null, command, kind, Path.Combine(dir.Path, file));
        return (code, stdout + stderr);
    }

    [Fact]
    public async Task Every_alert_has_a_test_where_it_fires_and_series_in_that_test_that_do_not_fire_it()
    {
        var rules = await Rules();
        var (code, json, stderr) = await RenderedManifests.Run("node", await File.ReadAllTextAsync(TestFile), CliRun.RepositoryFile(Path.Combine("tests", "manifests", "to-json.mjs")));
        Assert.True(code == 0, stderr);
        var tests = JsonNode.Parse(json)![0]!["tests"]!.AsArray();

        foreach (var alert in Alerts(rules).Select(r => (string)r["alert"]!))
        {
            var firing = tests.Where(t => t!["alert_rule_test"]!.AsArray().Any(a => (string?)a!["alertname"] == alert && a["exp_alerts"]!.AsArray().Count > 0)).ToList();
            Assert.True(firing.Count > 0, $"{alert}: no test where it fires");
            foreach (var test in firing)
            {
                var expected = test!["alert_rule_test"]!.AsArray().Where(a => (string?)a!["alertname"] == alert)
                    .SelectMany(a => a!["exp_alerts"]!.AsArray()).Select(e => e!["exp_labels"]!.AsObject()).ToList();
                string[] keys = [.. expected.SelectMany(l => l.Select(kv => kv.Key)).Where(k => k != "severity").Distinct().Order(StringComparer.Ordinal)];
                var firingFor = expected.Select(l => string.Join('/', keys.Select(k => (string?)l[k]))).ToHashSet();
                var series = test["input_series"]!.AsArray().Select(s => string.Join('/', keys.Select(k => Label((string)s!["series"]!, k)))).ToHashSet();
                Assert.True(series.Except(firingFor).Any(), $"{alert}: test '{(string?)test["name"]}' has no series that should not fire it");
            }
        }
    }

    private static string Label(string series, string key) =>
        System.Text.RegularExpressions.Regex.Match(series, $"{key}=\"([^\"]*)\"").Groups[1].Value;

    [Fact]
    public async Task A_rule_with_another_threshold_fails_its_test()
    {
        var rules = await Rules();
        var failing = Alerts(rules).Single(r => (string?)r["alert"] == "HpoTrialsFailing");
        failing["expr"] = ((string)failing["expr"]!).Replace(") > 0.2", ") > 0.6", StringComparison.Ordinal);
        using var dir = new TempDir();

        var test = await RunPromtool(dir, rules.ToJsonString(), "test", "rules", "hpo.rules.test.yaml");

        Assert.NotEqual(0, test.ExitCode);
        Assert.Contains("alertname: HpoTrialsFailing", test.Output);
    }

    [Fact]
    public async Task Every_metric_the_rules_read_is_documented_and_the_charts_rules_file_is_the_components_spec()
    {
        var rules = await Rules();
        var metrics = Alerts(rules).SelectMany(r => OperationsTests.MetricName().Matches((string)r["expr"]!)).Select(m => m.Value).ToHashSet();
        var chart = await Renderings.Objects(await Helm.Template("hpo", "hpo", ["alerts.enabled=true"]));

        Assert.Equal(5, Alerts(rules).Count());
        Assert.Subset(OperationsTests.DocumentedMetrics(), metrics);
        Assert.True(JsonNode.DeepEquals(rules, chart.Single(o => Renderings.Kind(o!) == "PrometheusRule")!["spec"]), "helm/hpo/alerts/hpo.rules.yaml differs from the component's spec");
    }
}
