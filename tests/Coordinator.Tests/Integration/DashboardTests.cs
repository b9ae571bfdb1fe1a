using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hpo.Coordinator.Tests.Cli;
using Hpo.TestSupport;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>
/// A real cluster (`hpo serve` and two `hpo worker` processes) scraped by a real Prometheus: every documented metric is
/// served before the first sweep, no label names a trial, and after a sweep every query of the Grafana dashboards
/// returns series, with the values that can be known checked.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class DashboardTests
{
    private const string Sweep = """
        name: watched
        seed: 11
        data: {dataset: digits, validation: 0.2}
        objective: val_accuracy
        model: {layers: 2, units: {choice: [64, 128]}}
        training: {learning_rate: {loguniform: [1.0e-3, 1.0e-1]}, batch_size: 32, max_epochs: 9}
        search: {sampler: random, scheduler: asha, reduction_factor: 3, min_epochs: 1, max_trials: 12}
        """;

    /// <summary>The names in docs/metrics.md's table, with the processes that serve them and whether they are histograms.</summary>
    private static List<(string Name, string ServedBy, bool Histogram)> DocumentedMetrics()
    {
        var rows = File.ReadAllLines(CliRun.RepositoryFile(Path.Combine("docs", "metrics.md")))
            .Select(l => DocumentedRow().Match(l)).Where(m => m.Success)
            .Select(m => (m.Groups["name"].Value, m.Groups["by"].Value.Trim(), m.Groups["type"].Value.Trim() == "histogram"))
            .ToList();
        Assert.True(rows.Count >= 15, $"docs/metrics.md lists {rows.Count} metrics");
        return rows;
    }

    [GeneratedRegex(@"^\| `(?<name>hpo_[a-z_]+)` \| (?<type>[a-z]+) \|[^|]*\| (?<by>[a-z ]+) \|")]
    private static partial Regex DocumentedRow();

    /// <summary>The metric families of an exposition (histograms by their base name) and every label name in it.</summary>
    private static (HashSet<string> Names, HashSet<string> Labels) Families(string exposition)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var labels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var m = SampleLine().Match(line);
            Assert.True(m.Success, $"not a sample line: {line}");
            names.Add(HistogramSuffix().Replace(m.Groups["name"].Value, ""));
            foreach (Match label in LabelName().Matches(m.Groups["labels"].Value)) labels.Add(label.Groups[1].Value);
        }
        return (names, labels);
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? \S+( \d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();

    /// <summary>Every PromQL expression of a dashboard, with the title of its panel.</summary>
    private static IEnumerable<(string Panel, string Expr)> Queries(JsonNode dashboard)
    {
        foreach (var panel in dashboard["panels"]!.AsArray())
        {
            foreach (var nested in panel!["panels"]?.AsArray() ?? [])
                foreach (var target in nested!["targets"]?.AsArray() ?? [])
                    yield return ((string)nested["title"]!, (string)target!["expr"]!);
            foreach (var target in panel["targets"]?.AsArray() ?? [])
                yield return ((string)panel["title"]!, (string)target!["expr"]!);
        }
    }

    [Fact]
    public async Task Every_dashboard_query_returns_series_from_a_real_prometheus_scraping_a_real_cluster()
    {
        using var dir = new TempDir();
        using var cluster = new LocalCluster(Path.Combine(dir.Path, "data"), workers: 2);
        await cluster.StartCoordinator();
        cluster.StartWorkers();
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        var coordinator = $"127.0.0.1:{cluster.HttpPort}";
        var workers = cluster.WorkerHttpPorts.Select(p => $"127.0.0.1:{p}").ToArray();
        foreach (var worker in workers)
            await Eventually.Until(async () => (await http.GetAsync($"http://{worker}/readyz")).IsSuccessStatusCode, $"{worker} never answered ready");

        // Before the first sweep: each process serves every documented gauge and counter of its role, no trial label.
        var documented = DocumentedMetrics();
        foreach (var (target, role) in workers.Select(w => (w, "worker")).Prepend((coordinator, "coordinator")))
        {
            var (names, labels) = Families(await http.GetStringAsync($"http://{target}/metrics"));
            foreach (var (name, servedBy, histogram) in documented)
            {
                if (histogram || (servedBy != role && servedBy != "every process")) continue;
                Assert.True(names.Contains(name), $"{role} {target} does not serve {name} before the first sweep");
            }
            Assert.DoesNotContain(labels, l => l.Contains("trial", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(names, n => n.StartsWith("process_", StringComparison.Ordinal));
            Assert.Contains(names, n => n.StartsWith("dotnet_", StringComparison.Ordinal));
        }

        await using var prometheus = await PrometheusServer.StartAsync(workers.Prepend(coordinator));
        var id = await cluster.Submit(Sweep);
        var end = await cluster.WaitForEnd(id);
        Assert.Equal("finished", (string?)end["state"]);
        int trials = (int)end["trials"]!;
        long epochs = (long)end["epochs_total"]!;

        // Prometheus has scraped the end of the sweep from every process.
        await prometheus.WaitFor($"hpo_sweeps{{state=\"finished\"}}", r => r.Count == 1 && r[0].Value == 1, TimeSpan.FromSeconds(60));
        await prometheus.WaitFor("up", r => r.Count == 3 && r.All(s => s.Value == 1), TimeSpan.FromSeconds(30));
        var journaled = (await JournalRow.ReadAll(cluster.Journal)).Count(r => r.PersistenceId == $"sweep-{id}" && r.Manifest == "er");
        Assert.Equal(epochs, journaled);
        await prometheus.WaitFor($"hpo_trial_epochs_total{{sweep=\"{id}\"}}", r => r.Count == 1 && r[0].Value == journaled, TimeSpan.FromSeconds(30));
        await prometheus.WaitFor("sum(hpo_node_epochs_total)", r => r.Count == 1 && r[0].Value >= journaled, TimeSpan.FromSeconds(30));

        var results = new Dictionary<string, IReadOnlyList<PromSample>>(StringComparer.Ordinal);
        var dashboards = Directory.GetFiles(CliRun.RepositoryFile(Path.Combine("deploy", "grafana", "dashboards")), "*.json");
        Assert.Equal(2, dashboards.Length);
        foreach (var file in dashboards)
        {
            var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
            var variables = dashboard["templating"]!["list"]!.AsArray().Select(v => (string)v!["name"]!).ToList();
            Assert.Contains("datasource", variables);
            foreach (var (panel, expr) in Queries(dashboard))
            {
                var promql = expr.Replace("$sweep", id, StringComparison.Ordinal).Replace("$node", ".+", StringComparison.Ordinal)
                    .Replace("$__rate_interval", "2m", StringComparison.Ordinal);
                Assert.DoesNotContain("$", promql);
                var result = await prometheus.WaitFor(promql, r => r.Count > 0, TimeSpan.FromSeconds(45));
                results[$"{Path.GetFileNameWithoutExtension(file)}/{panel}/{expr}"] = result;
            }
        }
        Assert.True(results.Count >= 20, $"{results.Count} queries");

        IReadOnlyList<PromSample> Panel(string title, int target = 0) =>
            results.Where(kv => kv.Key.Split('/')[1] == title).Select(kv => kv.Value).ElementAt(target);

        var byState = Panel("Trials by state").ToDictionary(s => s.Label("state"), s => s.Value);
        Assert.Equal(trials, byState.GetValueOrDefault("completed") + byState.GetValueOrDefault("stopped"));
        Assert.Equal(trials, byState.Values.Sum());
        Assert.Equal(trials, Panel("Rung funnel").Single(s => s.Label("rung") == "0").Value);
        Assert.Equal((double)end["best"]!["objective"]!, Panel("Best objective so far").Single().Value, 5);
        Assert.Equal(0, Panel("Estimated time left").Single().Value, 3);
        Assert.InRange(Panel("Cluster utilisation").Single().Value, 0, 1);
        Assert.All(Panel("Utilisation per node"), s => Assert.InRange(s.Value, 0, 1));
        Assert.Equal(2, Panel("Utilisation per node").Count);
        Assert.Equal(3, Panel("Cluster members").Single(s => s.Label("status") == "up").Value);
        Assert.Equal(2, Panel("Training slots").Single().Value);
        Assert.Equal(["dead_relu", "divergence"], Panel("Training issues by kind").Select(s => s.Label("kind")).Where(k => k is "divergence" or "dead_relu").Order());
        Assert.All(Panel("Epoch duration quantiles"), s => Assert.True(double.IsNaN(s.Value) || s.Value is > 0 and < 60, s.ToString()));
    }
}
