using SkiaSharp;

namespace Hpo.Coordinator.Reports;

/// <summary>
/// Names under the axes of a parallel-coordinates plot that never overlap: each path shortened to the fewest last
/// segments that still tell it apart, and the names set in staggered rows, a name going to the first row with room.
/// </summary>
internal static class AxisNames
{
    public const float FontSize = 12;
    public const double RowHeight = 16;
    public const double Gap = 8;

    /// <summary>Each path's shortest dotted suffix that no other path shares: <c>training.learning_rate</c> gives <c>learning_rate</c>.</summary>
    public static string[] Short(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var segments = paths.Select(p => p.Split('.')).ToArray();
        return segments.Select((own, i) =>
        {
            for (int take = 1; take < own.Length; take++)
            {
                var suffix = string.Join('.', own[^take..]);
                if (!segments.Where((_, j) => j != i).Any(other => Suffix(other, take) == suffix)) return suffix;
            }
            return paths[i];
        }).ToArray();
    }

    /// <summary>The width in pixels of <paramref name="text"/> in the plots' font at <see cref="FontSize"/>.</summary>
    public static double Width(string text)
    {
        using var typeface = SKTypeface.FromFamilyName(PlotCanvas.FontName);
        using var font = new SKFont(typeface, FontSize);
        return font.MeasureText(text);
    }

    /// <summary>The row (0 nearest the axes) of each name centred at <paramref name="centres"/> (pixels, left to right).</summary>
    public static int[] Rows(IReadOnlyList<double> centres, IReadOnlyList<double> widths)
    {
        ArgumentNullException.ThrowIfNull(centres);
        ArgumentNullException.ThrowIfNull(widths);
        var rowEnds = new List<double>();
        var rows = new int[centres.Count];
        for (int i = 0; i < centres.Count; i++)
        {
            double left = centres[i] - widths[i] / 2;
            int row = rowEnds.FindIndex(end => end + Gap <= left);
            if (row < 0)
            {
                row = rowEnds.Count;
                rowEnds.Add(0);
            }
            rowEnds[row] = centres[i] + widths[i] / 2;
            rows[i] = row;
        }
        return rows;
    }

    private static string? Suffix(string[] segments, int take) =>
        segments.Length >= take ? string.Join('.', segments[^take..]) : null;
}
