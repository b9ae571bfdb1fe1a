using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hpo.Coordinator.Hosting;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;
using Hpo.Worker.Cluster;
using Hpo.Worker.Hosting;

namespace Hpo.Coordinator.Tests.Cli;

/// <summary>`hpo status` and `hpo trials` on the data directory a finished `hpo run` wrote, and on a running cluster's API.</summary>
[Trait("Category", "Integration")]
public sealed class StatusAndTrialsCommandTests
{
    private static string[] Rows(string stdout) => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string[] Cells(string row) => row.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task Status_trials_and_report_read_back_the_sweep_a_finished_run_left_in_its_data_directory()
    {
        using var dir = new TempDir();
        var spec = dir.Write("iris.yaml", RunCommandTests.IrisSweep);
        var data = Path.Combine(dir.Path, "state");
        var saved = Path.Combine(dir.Path, "best.hpo");
        var run = await CliRun.Of("run", spec, "--data-dir", data, "--slots", "2", "--json", "--save-best", saved);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var outcome = JsonNode.Parse(run.LastLine)!;
        int bestTrial = (int)outcome["best"]!["trial"]!;
        Assert.Contains($"saved the model of the best trial ({bestTrial})", run.Stderr);
        Assert.Equal(4, Hpo.Engine.Persistence.ModelFile.ReadModel(File.OpenRead(saved), saved).Header.InputWidth);
        double bestObjective = (double)outcome["best"]!["objective"]!;

        var status = await CliRun.Of("status", "--data-dir", data);

        Assert.True(status.ExitCode == 0, status.Stderr);
        var row = Cells(Rows(status.Stdout).Single(l => l.StartsWith("iris-asha", StringComparison.Ordinal)));
        Assert.Equal("finished", row[1]);
        Assert.Equal("9/9", row[2]);
        Assert.Contains($"(trial {bestTrial}, ", row[4]);
        Assert.Equal(((long)outcome["epochs_total"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), row[5]);

        var json = await CliRun.Of("status", "--data-dir", data, "--json");
        var sweep = JsonNode.Parse(json.Stdout)!.AsArray().Single()!;
        Assert.Equal(bestObjective, (double)sweep["best"]!["objective"]!, 6);
        Assert.NotNull(sweep["finished_at"]);

        var trials = await CliRun.Of("trials", "iris-asha", "--data-dir", data, "--top", "3");

        Assert.True(trials.ExitCode == 0, trials.Stderr);
        var lines = Rows(trials.Stdout);
        Assert.StartsWith("rank", lines[1], StringComparison.Ordinal);
        Assert.Equal(2 + 3, lines.Length);
        var first = Cells(lines[2]);
        Assert.Equal(["1", bestTrial.ToString(System.Globalization.CultureInfo.InvariantCulture)], first[..2]);
        Assert.Contains("training.learning_rate=", first[^1]);

        var every = await CliRun.Of("trials", "iris-asha", "--data-dir", data, "--top", "0");
        Assert.Equal(2 + 9, Rows(every.Stdout).Length);

        var csv = (await CliRun.Of("trials", "iris-asha", "--data-dir", data, "--csv")).Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 9, csv.Length);
        Assert.StartsWith("trial,status,stop_reason,model.units,training.learning_rate,rung,epochs,", csv[0], StringComparison.Ordinal);

        var output = Path.Combine(dir.Path, "report");
        var report = await CliRun.Of("report", "iris-asha", "--data-dir", data, "-o", output);

        Assert.True(report.ExitCode == 0, report.Stderr);
        var pngs = Directory.GetFiles(Path.Combine(output, "plots"), "*.png");
        Assert.Equal(8, pngs.Length); // best trial, two histories, learning curves, importance, parallel coordinates, one per parameter
        foreach (var png in pngs)
        {
            using var bitmap = SkiaSharp.SKBitmap.Decode(png);
            Assert.True(bitmap is { Width: >= 400, Height: >= 200 }, png);
            Assert.True(bitmap.Pixels.Distinct().Count() > 20, $"{png} has few colours");
        }
        var page = await File.ReadAllTextAsync(Path.Combine(output, "index.html"));
        Assert.All(pngs, png => Assert.Contains($"src=\"plots/{Path.GetFileName(png)}\"", page));
        var loaded = Reports.ReportInChromiumTests.LoadedFlags(await Reports.HeadlessChromium.DumpDom(Path.Combine(output, "index.html")));
        Assert.Equal(pngs.Length, loaded.Count);
        Assert.All(loaded, flag => Assert.Equal("true", flag));
        var rows = (await File.ReadAllTextAsync(Path.Combine(output, "trials.csv"))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 9, rows.Length);
        Assert.All(rows.Skip(1), row => Assert.Matches("^\\d+,(completed|stopped),", row));
    }

    [Fact]
    public async Task A_sweep_that_does_not_exist_or_two_sources_at_once_end_in_one_line_and_exit_code_2()
    {
        using var dir = new TempDir();
        var empty = await CliRun.Of("status", "--data-dir", dir.Path);
        Assert.Equal(0, empty.ExitCode);
        Assert.StartsWith("no sweeps in the journal SQLite", empty.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, "journal.db")), "reading must not create a journal");

        var missing = await CliRun.Of("trials", "nope", "--data-dir", dir.Path);
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("error: no sweep nope in the journal", missing.Stderr, StringComparison.Ordinal);

        var both = await CliRun.Of("status", "--data-dir", dir.Path, "--api", "http://127.0.0.1:1");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("give one or the other", both.Stderr);

        var unreachable = await CliRun.Of("status", "--api", $"http://127.0.0.1:{Hpo.TestSupport.FreePort.Next()}");
        Assert.Equal(2, unreachable.ExitCode);
        Assert.StartsWith("error: cannot reach the coordinator", unreachable.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_and_trials_read_a_running_cluster_through_its_api_with_every_epoch_timed()
    {
        using var dir = new TempDir();
        var settings = new CoordinatorNodeSettings
        {
            Node = new NodeSettings { DataDirectory = Path.Combine(dir.Path, "data"), Worker = new WorkerOptions { Slots = 2 } },
            Coordinator = new CoordinatorOptions { Http = "http://127.0.0.1:0", Train = true },
        };
        await using var server = await CoordinatorServer.StartAsync(settings, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        using var posted = await http.PostAsync("/sweeps?source=iris.yaml", new StringContent(RunCommandTests.IrisSweep));
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
        SweepStatus? status = null;
        for (int i = 0; i < 600 && status is not { IsOver: true }; i++)
        {
            await Task.Delay(100);
            status = await http.GetFromJsonAsync<SweepStatus>("/sweeps/iris-asha", JournalJson.Options);
        }
        Assert.True(status is { State: SweepRunState.Finished }, $"the sweep did not finish: {status?.State}");
        Assert.NotNull(status);

        var listed = await CliRun.Of("status", "--api", server.Url);
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        var row = Cells(Rows(listed.Stdout).Single(l => l.StartsWith("iris-asha", StringComparison.Ordinal)));
        Assert.Equal(["iris-asha", "finished", "9/9"], row[..3]);
        Assert.Contains($"(trial {status.Best!.Trial}, ", row[4]);

        var trials = await CliRun.Of("trials", "iris-asha", "--api", server.Url, "--top", "0");
        Assert.True(trials.ExitCode == 0, trials.Stderr);
        Assert.Equal(2 + 9, Rows(trials.Stdout).Length);

        var history = await http.GetFromJsonAsync<SweepHistory>("/sweeps/iris-asha/history", JournalJson.Options);
        Assert.Equal(9, history!.Trials.Count);
        Assert.Equal(status.EpochsTotal, history.Trials.Sum(t => t.Curve.Count));
        Assert.All(history.Trials.SelectMany(t => t.Curve), p => Assert.InRange(p.At!.Value, status.StartedAt!.Value.AddSeconds(-1), status.FinishedAt!.Value.AddSeconds(1)));
        Assert.Equal(["model.units", "training.learning_rate"], history.Parameters.Select(p => p.Path));
        Assert.Equal([ParameterScale.Choice, ParameterScale.Log], history.Parameters.Select(p => p.Scale));

        var html = await http.GetStringAsync("/sweeps/iris-asha/report");
        Assert.Equal(8, System.Text.RegularExpressions.Regex.Count(html, "<img[^>]+src=\"data:image/png;base64,"));
        var reported = await CliRun.Of("report", "iris-asha", "--api", server.Url, "-o", Path.Combine(dir.Path, "api-report"));
        Assert.True(reported.ExitCode == 0, reported.Stderr);
        Assert.Equal(8, Directory.GetFiles(Path.Combine(dir.Path, "api-report", "plots"), "*.png").Length);

        var none = await CliRun.Of("trials", "nope", "--api", server.Url);
        Assert.Equal(2, none.ExitCode);
        Assert.StartsWith("error: no sweep nope in the coordinator", none.Stderr, StringComparison.Ordinal);
    }
}
