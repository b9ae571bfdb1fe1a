using Hpo.Sweeps.Control;

namespace Hpo.Coordinator.Reports;

/// <summary>
/// A sweep's report: a self-contained HTML page with its summary, plots, best trial and every trial, and the
/// trial table as CSV and JSON.
/// </summary>
public static class ReportWriter
{
    public const string PageFile = "index.html";
    public const string PlotsDirectory = "plots";
    public const string CsvFile = "trials.csv";
    public const string JsonFile = "trials.json";

    /// <summary>
    /// Writes <c>index.html</c>, <c>plots/NAME.png</c>, <c>trials.csv</c> and <c>trials.json</c> into
    /// <paramref name="directory"/> (created if need be) and returns the full paths of the files written.
    /// </summary>
    public static IReadOnlyList<string> WriteDirectory(SweepHistory history, string directory)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var content = ReportContent.Of(history);
        var root = Path.GetFullPath(directory);
        var plots = Path.Combine(root, PlotsDirectory);
        Directory.CreateDirectory(plots);
        var written = new List<string>();
        foreach (var figure in content.Figures.Where(f => f.Image is not null))
        {
            written.Add(Write(Path.Combine(plots, figure.FileName), figure.Image!));
        }
        written.Add(Write(Path.Combine(root, CsvFile), content.Table.ToCsv()));
        written.Add(Write(Path.Combine(root, JsonFile), content.Table.ToJson()));
        written.Add(Write(Path.Combine(root, PageFile), ReportPage.Render(content, f => $"{PlotsDirectory}/{f.FileName}")));
        return written;
    }

    /// <summary>The page as one HTML string with every plot inlined as a <c>data:</c> URI, for an HTTP response.</summary>
    public static string RenderInlineHtml(SweepHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return ReportPage.Render(ReportContent.Of(history), f => "data:image/png;base64," + Convert.ToBase64String(f.Image!));
    }

    private static string Write(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Write(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }
}
