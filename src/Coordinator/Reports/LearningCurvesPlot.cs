namespace Hpo.Coordinator.Reports;

/// <summary>Every scored trial's objective per epoch, coloured by the rung it reached.</summary>
internal static class LearningCurvesPlot
{
    public const string Name = "learning-curves";

    public static ReportFigure Draw(SweepResults results, ScottPlot.ImageFormat format = ScottPlot.ImageFormat.Png)
    {
        const string title = "Learning curves";
        var scored = results.Trials.Where(t => t.IsScored && t.Detail.Curve.Count > 0).ToArray();
        if (scored.Length == 0)
            return ReportFigure.Skipped(Name, title, "No trial has a finite objective yet, so there are no learning curves to draw.");

        using var plot = PlotCanvas.Create(title, "epoch", results.MetricLabel);
        PlotCanvas.IntegerTicks(plot.Axes.Bottom);
        var rungs = scored.Select(t => t.Detail.Rung).Distinct().Order().ToArray();
        foreach (var trial in scored.OrderBy(t => t.Detail.Rung).ThenBy(t => t.Trial))
        {
            var points = trial.Detail.Curve.Where(p => double.IsFinite(p.Objective)).ToArray();
            int rung = Array.IndexOf(rungs, trial.Detail.Rung);
            var line = plot.Add.Scatter(points.Select(p => (double)p.Epoch).ToArray(), points.Select(p => p.Objective).ToArray());
            line.Color = PlotCanvas.Palette.GetColor(rung).WithAlpha(0.8);
            line.LineWidth = 1.5f;
            line.MarkerSize = points.Length == 1 ? 5 : 0;
        }
        foreach (var (rung, index) in rungs.Select((r, i) => (r, i)))
        {
            int count = scored.Count(t => t.Detail.Rung == rung);
            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem
            {
                LabelText = $"rung {rung} ({count} trial{(count == 1 ? "" : "s")})",
                LineColor = PlotCanvas.Palette.GetColor(index),
                LineWidth = 3,
            });
        }
        plot.ShowLegend();
        return PlotCanvas.Render(plot, Name, title,
            "Each line is a trial's objective per epoch, coloured by the highest rung it reached; failed and diverged trials are left out.",
            format: format);
    }
}
