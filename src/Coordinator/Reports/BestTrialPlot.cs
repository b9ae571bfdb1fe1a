namespace Hpo.Coordinator.Reports;

/// <summary>The best trial's objective, training loss and validation loss per epoch; the losses on the right axis.</summary>
internal static class BestTrialPlot
{
    public const string Name = "best-trial";

    public static ReportFigure Draw(SweepResults results, ScottPlot.ImageFormat format = ScottPlot.ImageFormat.Png)
    {
        const string title = "Best trial's curves";
        if (results.Best is not { } best)
            return ReportFigure.Skipped(Name, title, "No trial has a finite objective yet, so there is no best trial.");

        using var plot = PlotCanvas.Create($"Trial {best.Trial}: curves", "epoch", results.MetricLabel);
        PlotCanvas.IntegerTicks(plot.Axes.Bottom);
        var curve = best.Detail.Curve;
        Add(plot, curve.Select(p => (p.Epoch, (double?)p.Objective)), results.Status.Metric, 0, right: false);
        bool losses = Add(plot, curve.Select(p => (p.Epoch, p.TrainLoss)), "train loss", 1, right: true)
            | Add(plot, curve.Select(p => (p.Epoch, p.ValidationLoss)), "validation loss", 2, right: true);
        if (losses) plot.Axes.Right.Label.Text = "loss";
        plot.ShowLegend();
        return PlotCanvas.Render(plot, Name, title,
            "The best trial's objective per epoch (left axis) and its training and validation losses (right axis).", format: format);
    }

    private static bool Add(ScottPlot.Plot plot, IEnumerable<(int Epoch, double? Value)> series, string label, int colour, bool right)
    {
        var points = series.Where(p => p.Value is double v && double.IsFinite(v)).ToArray();
        if (points.Length == 0) return false;
        var line = plot.Add.Scatter(points.Select(p => (double)p.Epoch).ToArray(), points.Select(p => p.Value!.Value).ToArray());
        line.LegendText = label;
        line.Color = PlotCanvas.Palette.GetColor(colour);
        line.LineWidth = 2;
        line.MarkerSize = 4;
        if (right) line.Axes.YAxis = plot.Axes.Right;
        return true;
    }
}
