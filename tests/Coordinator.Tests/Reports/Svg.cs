using System.Globalization;
using System.Xml.Linq;

namespace Hpo.Coordinator.Tests.Reports;

/// <summary>The texts and filled shapes of an SVG plot, as a reader would find them on the image.</summary>
internal sealed record SvgText(string Text, double X, double Right, double Y, double FontSize)
{
    public double Top => Y - FontSize;
    public double Bottom => Y + FontSize * 0.3;

    public bool Overlaps(SvgText other) =>
        X < other.Right && other.X < Right && Top < other.Bottom && other.Top < Bottom;
}

internal static class Svg
{
    public static XDocument Parse(byte[] svg) => XDocument.Parse(System.Text.Encoding.UTF8.GetString(svg));

    /// <summary>
    /// Every text element, where ScottPlot writes it (translated, one x per glyph): its left edge (the first glyph's
    /// x), its right edge (the last glyph's x plus a wide glyph, 0.7 em), its baseline and its font size.
    /// </summary>
    public static IReadOnlyList<SvgText> Texts(byte[] svg) =>
        Parse(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e =>
        {
            var (dx, dy) = Translation(e.Attribute("transform")?.Value);
            var xs = Numbers(e.Attribute("x")?.Value);
            double size = Numbers(e.Attribute("font-size")?.Value).FirstOrDefault(12);
            double y = dy + Numbers(e.Attribute("y")?.Value).FirstOrDefault();
            return new SvgText(e.Value.Trim(), dx + xs.FirstOrDefault(), dx + xs.LastOrDefault() + 0.7 * size, y, size);
        }).ToArray();

    private static (double X, double Y) Translation(string? transform)
    {
        if (transform is null || !transform.StartsWith("translate(", StringComparison.Ordinal)) return (0, 0);
        var numbers = Numbers(transform["translate(".Length..transform.IndexOf(')', StringComparison.Ordinal)]);
        return (numbers[0], numbers.Length > 1 ? numbers[1] : 0);
    }

    /// <summary>The fill of every round marker (an ellipse, in ScottPlot's SVG), the legend's included, as written.</summary>
    public static IReadOnlyList<string> MarkerFills(byte[] svg) =>
        Parse(svg).Descendants().Where(e => e.Name.LocalName is "ellipse" or "circle")
            .Select(e => e.Attribute("fill")?.Value ?? "").ToArray();

    private static double[] Numbers(string? list) => list is null ? [] :
        list.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)
            .Select(n => double.Parse(n, CultureInfo.InvariantCulture)).ToArray();
}
