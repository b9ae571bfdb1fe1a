namespace Hpo.Coordinator.Reports;

/// <summary>
/// Every scored trial's final objective where it was recorded, against time and against the epochs spent by then,
/// with the best-so-far line.
/// </summary>
internal static class OptimisationHistoryPlots
{
    public const string ByTimeName = "history-time";
    public const string ByEpochsName = "history-epochs";

    public static IEnumerable<ReportFigure> Draw(SweepResults results, ScottPlot.ImageFormat format = ScottPlot.ImageFormat.Png)
    {
        const string byTime = "Optimisation history over time";
        const string byEpochs = "Optimisation history over epochs spent";
        if (results.Ranked.Count == 0)
        {
            const string none = "No trial has a finite objective yet, so there is no history to draw.";
            yield return ReportFigure.Skipped(ByTimeName, byTime, none);
            yield return ReportFigure.Skipped(ByEpochsName, byEpochs, none);
            yield break;
        }
        var scored = results.Trials.Where(t => t.IsScored).ToArray();
        var times = Times(results, scored);
        yield return times is null
            ? Draw(results, scored.Select((t, i) => (double)(i + 1)).ToArray(), ByTimeName, byTime + " (no times recorded)", "trial, in order",
                "Each point is a trial's final objective in trial order (the journal recorded no times); the line is the best so far.", format, integerTicks: true)
            : Draw(results, times.Value.Minutes, ByTimeName, byTime, times.Value.Label,
                "Each point is a trial's final objective at the time its last epoch was recorded; the line is the best so far.", format);
        yield return Draw(results, EpochsSpent(results, scored), ByEpochsName, byEpochs, "epochs trained by all trials",
            "Each point is a trial's final objective against the epochs all trials had trained when its last epoch was recorded; the line is the best so far.",
            format, integerTicks: true);
    }

    private static ReportFigure Draw(SweepResults results, double[] xs, string name, string title, string xLabel, string caption,
        ScottPlot.ImageFormat format, bool integerTicks = false)
    {
        var scored = results.Trials.Where(t => t.IsScored).ToArray();
        var ys = scored.Select(t => t.Objective).ToArray();
        using var plot = PlotCanvas.Create(title, xLabel, results.MetricLabel);
        if (integerTicks) PlotCanvas.IntegerTicks(plot.Axes.Bottom);
        var points = plot.Add.Markers(xs, ys);
        points.MarkerSize = 7;
        points.Color = PlotCanvas.Palette.GetColor(0).WithAlpha(0.7);
        points.LegendText = "trial";

        var order = Enumerable.Range(0, xs.Length).OrderBy(i => xs[i]).ToArray();
        var bestXs = new List<double>();
        var bestYs = new List<double>();
        foreach (var i in order)
        {
            if (bestYs.Count == 0 || ObjectiveOrder.IsBetter(results.Mode, ys[i], bestYs[^1]))
            {
                bestXs.Add(xs[i]);
                bestYs.Add(ys[i]);
            }
        }
        bestXs.Add(xs[order[^1]]);
        bestYs.Add(bestYs[^1]);
        var line = plot.Add.Scatter(bestXs.ToArray(), bestYs.ToArray());
        line.ConnectStyle = ScottPlot.ConnectStyle.StepHorizontal;
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.Color = PlotCanvas.Palette.GetColor(3);
        line.LegendText = "best so far";
        plot.ShowLegend();
        return PlotCanvas.Render(plot, name, title, caption, format: format);
    }

    /// <summary>Minutes (or seconds, for a short sweep) from the start to each trial's last epoch; null when a time is missing.</summary>
    private static (double[] Minutes, string Label)? Times(SweepResults results, TrialOutcome[] scored)
    {
        if (scored.Any(t => t.LastRecordedAt is null)) return null;
        var origin = results.Status.StartedAt
            ?? results.Trials.SelectMany(t => t.Detail.Curve).Where(p => p.At is not null).Min(p => p.At!.Value);
        var seconds = scored.Select(t => (t.LastRecordedAt!.Value - origin).TotalSeconds).ToArray();
        return seconds.Max() < 180
            ? (seconds, "seconds since the start")
            : (seconds.Select(s => s / 60).ToArray(), "minutes since the start");
    }

    /// <summary>
    /// The epochs trained by every trial (scored or not) when each scored trial recorded its last epoch; in trial
    /// order, summing whole trials, when the journal has no times.
    /// </summary>
    private static double[] EpochsSpent(SweepResults results, TrialOutcome[] scored)
    {
        var points = results.Trials.SelectMany(t => t.Detail.Curve).ToArray();
        if (points.All(p => p.At is not null) && scored.All(t => t.LastRecordedAt is not null))
        {
            var at = points.Select(p => p.At!.Value).Order().ToArray();
            return scored.Select(t => (double)UpperBound(at, t.LastRecordedAt!.Value)).ToArray();
        }
        var spent = new Dictionary<int, double>();
        double total = 0;
        foreach (var t in results.Trials)
        {
            total += Math.Max(t.Detail.Epochs, t.Detail.Curve.Count);
            spent[t.Trial] = total;
        }
        return scored.Select(t => spent[t.Trial]).ToArray();
    }

    private static int UpperBound(DateTimeOffset[] sorted, DateTimeOffset value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (sorted[mid] <= value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
