using Hpo.Sweeps.Control;

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

    public static ReportFigure Draw(SweepResults results, ScottPlot.ImageFormat format = ScottPlot.ImageFormat.Png)
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
            var rule = plot.Add.Line(a, 0, a, 1);
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
        string[] paths = [.. axes.Select(a => a.Path), results.Status.Metric];
        var names = AxisNames.Short(paths);
        double[] widths = [.. names.Select(AxisNames.Width)];
        double margin = MarginFor(widths, axes.Count);
        var rows = AxisNames.Rows([.. names.Select((_, a) => AxisCentre(a, axes.Count, margin))], widths);
        double below = EndLabel + (rows.Max() + 1) * AxisNames.RowHeight + 4;
        double perPixel = 1 / (DataHeight - EndLabel - below);
        LabelAxes(plot, axes, columns, names, rows, perPixel, objectiveLow, objectiveHigh);
        var unit = new ScottPlot.TickGenerators.NumericManual();
        foreach (var y in new[] { 0, 0.25, 0.5, 0.75, 1 }) unit.AddMajor(y, y.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture));
        plot.Axes.Left.TickGenerator = unit;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        plot.Axes.SetLimits(-margin, axes.Count + margin, -below * perPixel, 1 + EndLabel * perPixel);
        plot.Layout.Fixed(new ScottPlot.PixelPadding(PadLeft, PadRight, PadBottom, PadTop));
        plot.Add.ColorBar(colours).Label = results.MetricLabel;
        var renamed = names.Zip(paths, (name, path) => (Name: name, Path: path)).Where(n => n.Name != n.Path).ToArray();
        return PlotCanvas.Render(plot, Name, title,
            $"The best {top.Length} trials, one line each through one axis per hyperparameter and the objective, each axis mapped onto [0, 1] " +
            "(log axes in log space, choices by their index; the numbers show each axis's ends, every choice is named), coloured by objective: the brightest are the best." +
            (renamed.Length > 0 ? " Axes: " + string.Join(", ", renamed.Select(n => $"{n.Name} is {n.Path}")) + "." : ""),
            Width, Height, format);
    }

    /// <summary>The figure outside the data area, in pixels: the y axis on the left, the colour bar on the right, the title on top.</summary>
    public const int PadLeft = 70, PadRight = 130, PadBottom = 10, PadTop = 40;

    private const double DataHeight = Height - PadBottom - PadTop;
    private const double DataWidth = Width - PadLeft - PadRight;

    public const double EndLabel = 20;

    /// <summary>The pixel centre of axis <paramref name="index"/> (0 the first parameter, <paramref name="count"/> the objective).</summary>
    public static double AxisCentre(int index, int count, double margin) =>
        PadLeft + (index + margin) / (count + 2 * margin) * DataWidth;

    /// <summary>
    /// The room, in axis spacings, left of the first axis and right of the last: 0.3, or enough for the first and
    /// last names (<paramref name="widths"/>, pixels) to fit inside the data area, where the plot clips its texts.
    /// </summary>
    private static double MarginFor(double[] widths, int count)
    {
        double half = Math.Max(widths[0], widths[^1]) / 2 + 4;
        return Math.Max(0.3, half * count / (DataWidth - 2 * half));
    }

    /// <summary>
    /// Names every axis below it (in staggered rows), its ends above and below, and each choice of a choice axis
    /// beside it.
    /// </summary>
    private static void LabelAxes(ScottPlot.Plot plot, IReadOnlyList<ParameterAxis> axes, double?[][] columns, string[] names, int[] rows,
        double perPixel, double objectiveLow, double objectiveHigh)
    {
        for (int a = 0; a <= axes.Count; a++)
        {
            var name = Label(plot, names[a], a, -(EndLabel + (rows[a] + 0.5) * AxisNames.RowHeight) * perPixel);
            name.LabelFontSize = AxisNames.FontSize;
        }
        for (int a = 0; a < axes.Count; a++)
        {
            if (axes[a].Scale == ParameterScale.Choice)
            {
                LabelChoices(plot, axes[a], a);
                continue;
            }
            var (low, high) = RangeLabels(axes[a], columns[a]);
            Label(plot, low, a, -EndLabel / 2 * perPixel);
            Label(plot, high, a, 1 + EndLabel / 2 * perPixel);
        }
        Label(plot, PlotCanvas.Number(objectiveLow), axes.Count, -EndLabel / 2 * perPixel);
        Label(plot, PlotCanvas.Number(objectiveHigh), axes.Count, 1 + EndLabel / 2 * perPixel);
    }

    private static void LabelChoices(ScottPlot.Plot plot, ParameterAxis axis, int a)
    {
        for (int i = 0; i < axis.Choices.Count; i++)
        {
            var label = Label(plot, axis.Choices[i], a, ParameterCoordinates.Normalise(axis, i, 0, 0));
            label.LabelAlignment = ScottPlot.Alignment.MiddleLeft;
            label.LabelOffsetX = 4;
            label.LabelBackgroundColor = ScottPlot.Colors.White.WithAlpha(0.75);
        }
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

    private static ScottPlot.Plottables.Text Label(ScottPlot.Plot plot, string text, double x, double y)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontSize = 11;
        label.LabelAlignment = ScottPlot.Alignment.MiddleCenter;
        return label;
    }

    /// <summary>The values at the bottom and top of a numeric axis: its range, or the observed one.</summary>
    private static (string Low, string High) RangeLabels(ParameterAxis axis, double?[] positions)
    {
        var present = positions.OfType<double>().ToArray();
        double low = axis.Low ?? (axis.Scale == ParameterScale.Log ? Math.Pow(10, present.DefaultIfEmpty().Min()) : present.DefaultIfEmpty().Min());
        double high = axis.High ?? (axis.Scale == ParameterScale.Log ? Math.Pow(10, present.DefaultIfEmpty().Max()) : present.DefaultIfEmpty().Max());
        return (PlotCanvas.Number(low), PlotCanvas.Number(high));
    }
}
