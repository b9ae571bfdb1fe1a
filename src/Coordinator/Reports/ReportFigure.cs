namespace Hpo.Coordinator.Reports;

/// <summary>
/// One plot of a report: a PNG saved as <c>plots/NAME.png</c> (an SVG when a test asks for one), or, when there
/// was nothing to draw, the sentence the page shows instead.
/// </summary>
internal sealed record ReportFigure(string Name, string Title, string Caption, byte[]? Image, int Width, int Height, string? SkipReason = null)
{
    public string FileName => Name + ".png";

    public static ReportFigure Skipped(string name, string title, string reason) => new(name, title, "", null, 0, 0, reason);
}
