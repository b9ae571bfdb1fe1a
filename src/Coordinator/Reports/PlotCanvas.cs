using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Hpo.Coordinator.Reports;

/// <summary>The common look of a report's plots: font, palette, log axes, and rendering to PNG (or SVG).</summary>
internal static class PlotCanvas
{
    /// <summary>Debian's fonts-dejavu-core: ScottPlot's own guess finds no font on a bare Linux image.</summary>
    public const string FontName = "DejaVu Sans";

    public const int Width = 900;
    public const int Height = 500;

    public static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    public static Plot Create(string title, string xLabel, string yLabel)
    {
        Fonts.Default = FontName;
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>An axis of whole numbers (epochs): ticks only at integers.</summary>
    public static void IntegerTicks(IAxis axis)
    {
        ArgumentNullException.ThrowIfNull(axis);
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
    }

    public static ReportFigure Render(Plot plot, string name, string title, string caption, int width = Width, int height = Height,
        ImageFormat format = ImageFormat.Png)
    {
        plot.Font.Set(FontName);
        var image = format == ImageFormat.Svg
            ? System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height))
            : plot.GetImageBytes(width, height, format);
        return new ReportFigure(name, title, caption, image, width, height);
    }

    /// <summary>
    /// Ticks for an axis whose coordinates are log10 of the values (ScottPlot 5 has no log scale): labels show the
    /// values, at 1, 2 and 5 times powers of ten on a narrow range and at powers of ten on a wide one.
    /// </summary>
    public static void LogTicks(IAxis axis, double low, double high)
    {
        if (!(high > low)) (low, high) = (low - 0.5, high + 0.5);
        double span = high - low;
        double[] mantissas = span <= 1.5 ? [1, 2, 5] : span <= 3 ? [1, 3] : [1];
        var ticks = new NumericManual();
        for (int decade = (int)Math.Floor(low) - 1; decade <= (int)Math.Ceiling(high); decade++)
        {
            foreach (var m in mantissas)
            {
                double at = decade + Math.Log10(m);
                if (at >= low - span * 0.05 && at <= high + span * 0.05) ticks.AddMajor(at, Number(m * Math.Pow(10, decade)));
            }
            for (int m = 2; m <= 9; m++)
            {
                double at = decade + Math.Log10(m);
                if (at >= low && at <= high && !mantissas.Contains(m)) ticks.AddMinor(at);
            }
        }
        axis.TickGenerator = ticks;
    }

    /// <summary>A short label: 0.001, 250, 1e-05.</summary>
    public static string Number(double value)
    {
        double magnitude = Math.Abs(value);
        return magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e5)
            ? value.ToString("0.##e-0", CultureInfo.InvariantCulture)
            : value.ToString("G4", CultureInfo.InvariantCulture);
    }

    /// <summary>A file name from a key path: <c>training.learning_rate</c> gives <c>training-learning-rate</c>.</summary>
    public static string Slug(string path)
    {
        var chars = path.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "parameter" : slug;
    }
}
