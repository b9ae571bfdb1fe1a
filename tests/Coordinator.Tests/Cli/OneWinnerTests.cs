using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hpo.Coordinator.Tests.Integration;
using Hpo.Coordinator.Tests.Reports;
using Hpo.TestSupport;

namespace Hpo.Coordinator.Tests.Cli;

/// <summary>
/// One objective per trial and one winner per sweep, end to end: a real sweep names the winner among the trials
/// trained furthest, and every place a user reads its objective shows the same number (docs/objective.md).
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class OneWinnerTests
{
    [Fact]
    public async Task Digits_asha_names_a_winner_trained_furthest_and_every_view_shows_its_one_objective()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "state");

        var run = await CliRun.Of("run", CliRun.RepositoryFile("examples/digits-asha.yaml"), "--data-dir", data, "--slots", "2", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var best = JsonNode.Parse(run.LastLine)!["best"]!;
        int trial = (int)best["trial"]!;
        double objective = (double)best["objective"]!;
        int budget = (int)best["budget"]!;
        Assert.Equal("last", (string)best["scope"]!);

        // The trials as the CSV has them: the winner trained as far as any trial did, and ranks first.
        var csv = TrialTableTests.CsvRecords((await CliRun.Of("trials", "digits-asha", "--data-dir", data, "--csv")).Stdout);
        var header = csv[0];
        var rows = csv.Skip(1).ToList();
        int furthest = rows.Max(r => int.Parse(r[header.IndexOf("epochs")], CultureInfo.InvariantCulture));
        Assert.Equal(furthest, budget);
        Assert.Equal(furthest, (int)best["epochs"]!);
        var first = rows.Single(r => r[header.IndexOf("rank")] == "1");
        Assert.Equal(trial.ToString(CultureInfo.InvariantCulture), first[0]);
        Assert.Equal(objective, double.Parse(first[header.IndexOf("objective")], CultureInfo.InvariantCulture));
        // No trial trained less ranks above one trained further.
        var budgets = rows.Where(r => r[header.IndexOf("rank")] != "")
            .OrderBy(r => int.Parse(r[header.IndexOf("rank")], CultureInfo.InvariantCulture))
            .Select(r => int.Parse(r[header.IndexOf("budget")], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(budgets.OrderByDescending(b => b), budgets);

        // The leaderboard's first row, at its four decimals.
        var leaderboard = run.Stdout.Split('\n').SkipWhile(l => !l.StartsWith("leaderboard of", StringComparison.Ordinal)).ToArray();
        var top = leaderboard[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["1", trial.ToString(CultureInfo.InvariantCulture), Four(objective)], top[..3]);

        // The live lines: the budget never goes down, and at one budget "best" never gets worse.
        var live = LiveBest().Matches(run.Stdout).Select(m => (Budget: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            Value: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToArray();
        Assert.True(live.Length >= 3, run.Stdout);
        for (int i = 1; i < live.Length; i++)
        {
            Assert.True(live[i].Budget >= live[i - 1].Budget, $"line {i}: budget {live[i - 1].Budget} then {live[i].Budget}");
            if (live[i].Budget == live[i - 1].Budget)
                Assert.True(live[i].Value >= live[i - 1].Value, $"line {i}: best at {live[i].Budget} epochs {live[i - 1].Value} then {live[i].Value}");
        }
        Assert.Equal((budget, Four(objective)), (live[^1].Budget, Four(live[^1].Value)));

        // hpo status --json, the report's trials.json: the same number, not a float32 in one place and a float64 in another.
        var status = JsonNode.Parse((await CliRun.Of("status", "--data-dir", data, "--json")).Stdout)!.AsArray().Single()!;
        Assert.Equal((trial, objective), ((int)status["best"]!["trial"]!, (double)status["best"]!["objective"]!));
        var output = Path.Combine(dir.Path, "report");
        Assert.Equal(0, (await CliRun.Of("report", "digits-asha", "--data-dir", data, "-o", output)).ExitCode);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "trials.json")));
        var ranked = json.RootElement.EnumerateArray().Single(r => r.GetProperty("rank").ValueKind == JsonValueKind.Number && r.GetProperty("rank").GetInt32() == 1);
        Assert.Equal((trial, objective), (ranked.GetProperty("trial").GetInt32(), ranked.GetProperty("objective").GetDouble()));

        // /metrics of a coordinator serving that data directory.
        int httpPort = FreePort.Consecutive(2);
        using var serve = ClusterProcess.Start("hpo.dll", null, "serve", "--data-dir", data, "--http", $"http://127.0.0.1:{httpPort}",
            "--port", (httpPort + 1).ToString(CultureInfo.InvariantCulture));
        await serve.WaitForLine(l => l.StartsWith("hpo coordinator: API on", StringComparison.Ordinal), TimeSpan.FromMinutes(3));
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        NodeMetric? gauge = null;
        for (int attempt = 0; attempt < 120 && gauge is null; attempt++)
        {
            gauge = (await NodeMetric.Scrape(http, $"http://127.0.0.1:{httpPort}/metrics"))
                .FirstOrDefault(m => m.Name == "hpo_best_objective" && m.Labels.GetValueOrDefault("sweep") == "digits-asha");
            if (gauge is null) await Task.Delay(500);
        }
        Assert.NotNull(gauge);
        Assert.Equal(objective, gauge.Value);
    }

    [Fact]
    public async Task A_regression_sweep_with_refit_under_scope_best_tests_and_refits_the_winners_best_epoch()
    {
        using var dir = new TempDir();
        var spec = dir.Write("diabetes.yaml", """
            name: diabetes-best
            seed: 4
            data: {dataset: diabetes, validation: 0.2, test: 0.2}
            task: regression
            objective: {metric: val_mae, mode: min, scope: best}
            model: {units: {choice: [16, 64]}}
            training:
              learning_rate: {loguniform: [1.0e-3, 3.0e-2]}
              input_scaling: standardize
              target_scaling: standardize
              max_epochs: 9
            search: {sampler: random, scheduler: asha, reduction_factor: 3, min_epochs: 1, max_trials: 6, refit: true}
            """);
        var data = Path.Combine(dir.Path, "state");

        var run = await CliRun.Of("run", spec, "--data-dir", data, "--slots", "2", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var best = JsonNode.Parse(run.LastLine)!["best"]!;
        int trial = (int)best["trial"]!;
        int objectiveEpoch = (int)best["objective_epoch"]!;
        var csv = TrialTableTests.CsvRecords((await CliRun.Of("trials", "diabetes-best", "--data-dir", data, "--csv")).Stdout);
        int furthest = csv.Skip(1).Max(r => int.Parse(r[csv[0].IndexOf("epochs")], CultureInfo.InvariantCulture));
        Assert.Equal(furthest, (int)best["epochs"]!);
        var history = TrialTableTests.CsvRecords((await CliRun.Of("trials", "diabetes-best", "--data-dir", data, "--csv")).Stdout);
        var row = history.Single(r => r[0] == trial.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(objectiveEpoch.ToString(CultureInfo.InvariantCulture), row[history[0].IndexOf("objective_epoch")]);
        Assert.InRange(objectiveEpoch, 1, furthest);
        // Under scope best a trial's objective is its best epoch's: never worse (higher val_mae) than its last epoch's.
        foreach (var r in history.Skip(1).Where(r => r[history[0].IndexOf("rank")] != ""))
            Assert.True(double.Parse(r[history[0].IndexOf("objective")], CultureInfo.InvariantCulture)
                        <= double.Parse(r[history[0].IndexOf("last_epoch_objective")], CultureInfo.InvariantCulture), string.Join(",", r));
        // The test figures are the winner's model at that epoch, and the refit trains exactly that many epochs.
        Assert.Equal(objectiveEpoch, (int)best["test"]!["epoch"]!);
        Assert.Equal(objectiveEpoch, (int)best["refit"]!["epochs"]!);
        Assert.Contains($"refit of trial {trial} on training + validation (", run.Stdout);
    }

    private static string Four(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"best at (\d+) epochs: val_accuracy ([0-9.]+) \(trial \d+\)")]
    private static partial Regex LiveBest();
}
