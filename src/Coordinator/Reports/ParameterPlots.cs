using Hpo.Sweeps.Control;

namespace Hpo.Coordinator.Reports;

/// <summary>
/// The objective at one budget (<see cref="SweepResults.AtOneBudget"/>) against each hyperparameter: a scatter on a linear
/// or log axis, a jittered strip per choice, each point coloured by the epochs its trial trained.
/// </summary>
internal static class ParameterPlots
{
    public const int Width = 600;
    public const int Height = 400;

    public static IEnumerable<ReportFigure> Draw(SweepResults results, int budget, IReadOnlyList<(TrialOutcome Trial, double Objective)> atBudget,
        ScottPlot.ImageFormat format = ScottPlot.ImageFormat.Png)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var axis in results.Parameters)
        {
            var name = "parameter-" + PlotCanvas.Slug(axis.Path);
            for (int i = 2; !names.Add(name); i++) name = $"parameter-{PlotCanvas.Slug(axis.Path)}-{i}";
            yield return Draw(results, axis, name, budget, atBudget, format);
        }
    }

    private static ReportFigure Draw(SweepResults results, ParameterAxis axis, string name, int budget,
        IReadOnlyList<(TrialOutcome Trial, double Objective)> atBudget, ScottPlot.ImageFormat format)
    {
        string title = $"Objective at {budget} epochs against {axis.Path} ({atBudget.Count} trials)";
        var points = atBudget
            .OrderBy(p => p.Trial == results.Best ? 0 : 1)
            .Select(p => (p.Trial, p.Objective, Position: ParameterCoordinates.Position(axis, p.Trial.Detail.Config)))
            .Where(p => p.Position is not null)
            .ToArray();
        if (points.Length == 0)
            return ReportFigure.Skipped(name, title, $"No trial with a finite objective has a value of {axis.Path}.");

        var xs = points.Select(p => p.Position!.Value + Jitter(axis, p.Trial.Trial)).ToArray();
        var ys = points.Select(p => p.Objective).ToArray();
        using var plot = PlotCanvas.Create(title, axis.Path + AxisNote(axis), results.MetricLabel);
        EpochMarkers.Add(plot, xs, ys, points.Select(p => p.Trial.EpochsTrained).ToArray());
        if (points[0].Trial == results.Best)
        {
            var best = plot.Add.Markers(new[] { xs[0] }, new[] { ys[0] });
            best.MarkerSize = 12;
            best.MarkerShape = ScottPlot.MarkerShape.FilledDiamond;
            best.Color = PlotCanvas.Palette.GetColor(3);
            best.LegendText = $"best (trial {points[0].Trial.Trial})";
        }
        switch (axis.Scale)
        {
            case ParameterScale.Choice:
                var ticks = new ScottPlot.TickGenerators.NumericManual();
                for (int i = 0; i < axis.Choices.Count; i++) ticks.AddMajor(i, axis.Choices[i]);
                plot.Axes.Bottom.TickGenerator = ticks;
                plot.Axes.SetLimitsX(-0.5, axis.Choices.Count - 0.5);
                break;
            case ParameterScale.Log:
                double low = axis.Low is > 0 ? Math.Log10(axis.Low.Value) : xs.Min();
                double high = axis.High is > 0 ? Math.Log10(axis.High.Value) : xs.Max();
                PlotCanvas.LogTicks(plot.Axes.Bottom, Math.Min(low, xs.Min()), Math.Max(high, xs.Max()));
                break;
        }
        plot.ShowLegend();
        return PlotCanvas.Render(plot, name, title,
            $"Each point is a trial's objective at {budget} epochs against its {axis.Path}{AxisNote(axis)}, coloured by the epochs the trial trained in all; " +
            "the diamond is the best trial, when it has one.",
            Width, Height, format);
    }

    private static string AxisNote(ParameterAxis axis) => axis.Scale switch
    {
        ParameterScale.Log => " (log scale)",
        ParameterScale.Choice => " (jittered)",
        _ => "",
    };

    /// <summary>A spread of ±0.3 within a choice's strip, from the golden-ratio sequence of the trial id: no two neighbours coincide, and a report redrawn is the same.</summary>
    private static double Jitter(ParameterAxis axis, int trial) =>
        axis.Scale == ParameterScale.Choice ? ((trial * 0.6180339887) % 1 - 0.5) * 0.6 : 0;
}
