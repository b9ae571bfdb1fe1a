using Hpo.Coordinator.Sweeps;

namespace Hpo.Coordinator.Reports;

/// <summary>
/// The best trials' configurations as lines across one vertical axis per hyperparameter and one for the
/// objective, each axis mapped onto [0, 1], coloured by objective, brightest for the best.
/// </summary>
internal static class ParallelCoordinatesPlot
{
    public const string Name = "parallel-coordinates";
    public const int Width = 1000;
    public const int Height = 520;

    /// <summary>The best quarter of the scored trials, at least 10 (or all there are) and at most 20.</summary>
    public static int TopCount(int scored) => Math.Min(scored, Math.Clamp((scored + 3) / 4, 10, 20));

    public static ReportFigure Draw(SweepResults results)
    {
        const string title = "Parallel coordinates of the best trials";
        if (results.Parameters.Count == 0)
            return ReportFigure.Skipped(Name, title, "The sweep searched no hyperparameters, so there are no coordinates to draw.");
        if (results.Ranked.Count < 2)
            return ReportFigure.Skipped(Name, title, "Fewer than two trials have a finite objective, so there are no lines to compare.");

        var top = results.Ranked.Take(TopCount(results.Ranked.Count)).ToArray();
        var axes = results.Parameters;
        var columns = axes.Select(axis => top.Select(t => ParameterCoordinates.Position(axis, t.Detail.Config)).ToArray()).ToArray();
        var objectives = top.Select(t => t.Objective).ToArray();
        double objectiveLow = objectives.Min(), objectiveHigh = objectives.Max();

        using var plot = PlotCanvas.Create($"{title} (top {top.Length} of {results.Ranked.Count})", "", "normalised value");
        var colours = new ObjectiveColours(results.Mode, objectiveLow, objectiveHigh);
        for (int a = 0; a <= axes.Count; a++)
        {
            var rule = plot.Add.VerticalLine(a);
            rule.Color = ScottPlot.Colors.Gray;
            rule.LineWidth = 1;
        }
        // Worst first, so the best lines are drawn on top.
        for (int t = top.Length - 1; t >= 0; t--)
        {
            var color = colours.Of(objectives[t]).WithAlpha(0.85);
            var xs = new List<double>();
            var ys = new List<double>();
            for (int a = 0; a < axes.Count; a++)
            {
                if (columns[a][t] is not double position)
                {
                    AddLine(plot, xs, ys, color);
                    continue;
                }
                var present = columns[a].OfType<double>().ToArray();
                xs.Add(a);
                ys.Add(ParameterCoordinates.Normalise(axes[a], position, present.Min(), present.Max()));
            }
            xs.Add(axes.Count);
            ys.Add(objectiveHigh > objectiveLow ? (objectives[t] - objectiveLow) / (objectiveHigh - objectiveLow) : 0.5);
            AddLine(plot, xs, ys, color);
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int a = 0; a < axes.Count; a++)
        {
            ticks.AddMajor(a, axes[a].Path);
            var (low, high) = RangeLabels(axes[a], columns[a]);
            Label(plot, low, a, -0.04);
            Label(plot, high, a, 1.04);
        }
        ticks.AddMajor(axes.Count, results.Status.Metric);
        Label(plot, PlotCanvas.Number(objectiveLow), axes.Count, -0.04);
        Label(plot, PlotCanvas.Number(objectiveHigh), axes.Count, 1.04);
        plot.Axes.Bottom.TickGenerator = ticks;
        var unit = new ScottPlot.TickGenerators.NumericManual();
        foreach (var y in new[] { 0, 0.25, 0.5, 0.75, 1 }) unit.AddMajor(y, y.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture));
        plot.Axes.Left.TickGenerator = unit;
        plot.Axes.SetLimits(-0.3, axes.Count + 0.3, -0.1, 1.1);
        plot.Add.ColorBar(colours).Label = results.Status.Metric;
        return PlotCanvas.Render(plot, Name, title,
            $"The best {top.Length} trials, one line each through one axis per hyperparameter and the objective, each axis mapped onto [0, 1] " +
            "(log axes in log space, choices by their index; the numbers show each axis's ends), coloured by objective: the brightest are the best.",
            Width, Height);
    }

    private static void AddLine(ScottPlot.Plot plot, List<double> xs, List<double> ys, ScottPlot.Color color)
    {
        if (xs.Count > 0)
        {
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = xs.Count == 1 ? 4 : 0;
        }
        xs.Clear();
        ys.Clear();
    }

    private static void Label(ScottPlot.Plot plot, string text, double x, double y)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontSize = 11;
        label.LabelAlignment = ScottPlot.Alignment.MiddleCenter;
    }

    /// <summary>The values at the bottom and top of an axis: its range, or the observed one, or the first and last choice.</summary>
    private static (string Low, string High) RangeLabels(ParameterAxis axis, double?[] positions)
    {
        if (axis.Scale == ParameterScale.Choice)
            return axis.Choices.Count > 0 ? (axis.Choices[0], axis.Choices[^1]) : ("", "");
        var present = positions.OfType<double>().ToArray();
        double low = axis.Low ?? (axis.Scale == ParameterScale.Log ? Math.Pow(10, present.DefaultIfEmpty().Min()) : present.DefaultIfEmpty().Min());
        double high = axis.High ?? (axis.Scale == ParameterScale.Log ? Math.Pow(10, present.DefaultIfEmpty().Max()) : present.DefaultIfEmpty().Max());
        return (PlotCanvas.Number(low), PlotCanvas.Number(high));
    }
}
