using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hpo.Worker.Checkpoints;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>
/// A coordinator stopped and started again under running workers, checked as an operator would: every worker trains
/// again, every epoch recorded before is still recorded, each once; and, once the workers leave, every epoch they
/// trained is accounted for once: recorded, or held in its trial's checkpoint until the trial is dispatched again
/// (none trained twice, none lost).
/// </summary>
internal sealed partial class CoordinatorRestart(HttpClient probe, IReadOnlyList<(ClusterProcess Process, string Metrics)> workers,
    Func<HttpClient> api, string sweep, ICheckpointStore checkpoints)
{
    private const string Rejoined = "again with a new node";

    /// <summary>
    /// Waits until every worker trains, stops the coordinator with <paramref name="stop"/>, starts one with
    /// <paramref name="start"/> and waits until each worker has replaced its node <paramref name="rejoins"/> times in
    /// all and trained again. Returns the time from the new coordinator's start until the last worker trained.
    /// </summary>
    public async Task<TimeSpan> Run(Func<Task> stop, Func<Task> start, int rejoins)
    {
        foreach (var (_, metrics) in workers)
            await Eventually.Until(async () => await Epochs(metrics) >= 2, $"the worker at {metrics} never trained");
        var status = await Status();
        Assert.True((string?)status["state"] == "running", $"the sweep ended before the coordinator was stopped: {status.ToJsonString()}");
        var before = await Curves((int)status["trials"]!);

        await stop();
        var clock = Stopwatch.StartNew();
        await start();
        var trainedAgain = TimeSpan.Zero;
        foreach (var (process, metrics) in workers)
        {
            // The line comes once the old node has stopped: from then on /metrics is the new node's.
            await process.WaitForLines(l => l.Contains(Rejoined, StringComparison.Ordinal), rejoins, LocalCluster.Long);
            await Eventually.Until(async () => await Epochs(metrics) >= 1, $"the worker at {metrics} never trained again");
            trainedAgain = clock.Elapsed;
        }

        var after = await Curves(before.Count);
        foreach (var (trial, curve) in after)
        {
            Assert.Equal(Enumerable.Range(1, curve.Count), curve.Select(p => p.Epoch));
            var recorded = before[trial];
            Assert.True(recorded.Count <= curve.Count, $"trial {trial} had {recorded.Count} epochs recorded before the restart and {curve.Count} after");
            Assert.Equal(recorded, curve.Take(recorded.Count));
        }
        return trainedAgain;
    }

    /// <summary>
    /// Stops every worker (SIGTERM) and checks that what they trained, added up over their nodes, is what the coordinator
    /// recorded plus what trials' checkpoints hold beyond it (trained while no coordinator listened, reported when the
    /// trial resumes): no epoch trained twice (each worker says "0 of them again"), none lost. Returns the epochs.
    /// </summary>
    public async Task<long> LeaveAndCount()
    {
        long trained = 0;
        foreach (var (process, _) in workers)
        {
            process.Terminate();
            var line = await process.WaitForLine(l => l.StartsWith("hpo worker: left the cluster", StringComparison.Ordinal), LocalCluster.Long);
            using var exit = new CancellationTokenSource(LocalCluster.Long);
            await process.WaitForExitAsync(exit.Token);
            Assert.Equal(0, process.ExitCode);
            var m = LeftLine().Match(line);
            Assert.True(m.Success, line);
            Assert.Equal("0", m.Groups["again"].Value);
            trained += long.Parse(m.Groups["epochs"].Value, CultureInfo.InvariantCulture);
        }
        var curves = await Curves((int)(await Status())["trials"]!);
        var held = new Dictionary<int, int>();
        foreach (var (trial, curve) in curves)
        {
            var stored = await checkpoints.LoadAsync(new CheckpointKey(sweep, trial));
            held[trial] = Math.Max(0, (stored?.Epoch ?? 0) - curve.Count);
        }
        long recorded = curves.Values.Sum(c => (long)c.Count), unreported = held.Values.Sum();
        Assert.True(recorded + unreported == trained,
            $"{trained} epochs trained, {recorded} recorded and {unreported} held in checkpoints beyond that " +
            $"({string.Join(", ", curves.Select(c => $"trial {c.Key}: {c.Value.Count} + {held[c.Key]}"))}); " +
            string.Join("\n", workers.SelectMany(w => w.Process.Lines.Where(l => l.StartsWith("hpo worker", StringComparison.Ordinal)))));
        return trained;
    }

    private async Task<double> Epochs(string metrics) =>
        (await NodeMetric.Scrape(probe, metrics)).Where(m => m.Name == "hpo_node_epochs_total").Sum(m => m.Value);

    private async Task<JsonNode> Status() => JsonNode.Parse(await api().GetStringAsync($"/sweeps/{sweep}"))!;

    private async Task<Dictionary<int, List<(int Epoch, double Objective)>>> Curves(int trials)
    {
        var curves = new Dictionary<int, List<(int, double)>>();
        for (int t = 0; t < trials; t++)
        {
            var detail = JsonNode.Parse(await api().GetStringAsync($"/sweeps/{sweep}/trials/{t}"))!;
            curves[t] = detail["curve"]!.AsArray().Select(p => ((int)p!["epoch"]!, (double)p["objective"]!)).ToList();
        }
        return curves;
    }

    [GeneratedRegex(@"(?<epochs>\d+) epochs trained here \((?<again>\d+) of them again\)")]
    private static partial Regex LeftLine();
}
