namespace Hpo.Coordinator.Reports;

/// <summary>The hyperparameters' importance as horizontal bars, the most important on top.</summary>
internal static class ImportancePlot
{
    public const string Name = "importance";
    public const int Width = 800;

    public static int HeightFor(int parameters) => 140 + 45 * parameters;

    public static ReportFigure Draw(SweepResults results, IReadOnlyList<ParameterShare> shares, int budget, int trials)
    {
        string title = $"Hyperparameter importance at {budget} epochs ({trials} trials)";
        if (shares.Count == 0)
            return ReportFigure.Skipped(Name, title, "The sweep searched no hyperparameters, so there is no importance to measure.");
        if (shares.All(s => s.Importance == 0))
            return ReportFigure.Skipped(Name, title,
                $"Importance needs at least {ParameterImportance.MinimumTrials} trials with a finite objective that varies at one budget; this sweep has {trials} at {budget} epochs.");

        using var plot = PlotCanvas.Create(title, "share of the explained variance", "");
        var bars = shares.Select((s, i) => new ScottPlot.Bar
        {
            Position = shares.Count - 1 - i,
            Value = s.Importance,
            FillColor = PlotCanvas.Palette.GetColor(0),
            Label = (s.Importance * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%",
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = 14;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int i = 0; i < shares.Count; i++) ticks.AddMajor(shares.Count - 1 - i, shares[i].Path);
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.SetLimitsX(0, Math.Min(1.15, shares.Max(s => s.Importance) * 1.2 + 0.02));
        plot.Axes.SetLimitsY(-0.6, shares.Count - 0.4);
        return PlotCanvas.Render(plot, Name, title,
            $"Each bar is a hyperparameter's share of the variance of the objective at {budget} epochs (every trial that reached it, by the sweep's scope) explained by the parameters one at a time (method above).",
            Width, HeightFor(shares.Count));
    }
}
