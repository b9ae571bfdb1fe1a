using System.Text.RegularExpressions;
using Hpo.Coordinator.Reports;
using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Reports;

/// <summary>
/// The written page in a real browser: headless Chromium runs the page's onload script, which marks every image
/// with whether it loaded, and prints the DOM.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class ReportInChromiumTests
{
    [Fact]
    public async Task Every_image_of_the_written_page_loads_in_headless_chromium()
    {
        using var dir = new TempDir();
        var written = ReportWriter.WriteDirectory(ReportHistories.Asha(), dir.Path);
        int pngs = written.Count(f => f.EndsWith(".png", StringComparison.Ordinal));

        var loaded = LoadedFlags(await HeadlessChromium.DumpDom(Path.Combine(dir.Path, ReportWriter.PageFile)));

        Assert.Equal(pngs, loaded.Count);
        Assert.All(loaded, flag => Assert.Equal("true", flag));
    }

    [Fact]
    public async Task A_deleted_plot_shows_as_an_image_that_did_not_load()
    {
        using var dir = new TempDir();
        var written = ReportWriter.WriteDirectory(ReportHistories.Asha(), dir.Path);
        File.Delete(written.First(f => f.EndsWith("learning-curves.png", StringComparison.Ordinal)));

        var loaded = LoadedFlags(await HeadlessChromium.DumpDom(Path.Combine(dir.Path, ReportWriter.PageFile)));

        Assert.Equal(written.Count(f => f.EndsWith(".png", StringComparison.Ordinal)), loaded.Count);
        Assert.Equal(1, loaded.Count(flag => flag == "false"));
    }

    [Fact]
    public async Task Clicking_a_header_sorts_the_trials_by_it_numbers_as_numbers_and_blanks_last()
    {
        using var dir = new TempDir();
        var history = ReportHistories.Asha();
        ReportWriter.WriteDirectory(history, dir.Path);
        var page = Path.Combine(dir.Path, ReportWriter.PageFile);
        // Clicks objective twice and notes the order of the trial ids after each click.
        const string clicks = """
            <script>
            window.addEventListener('load', function () {
              var header = Array.prototype.find.call(document.querySelectorAll('#trial-table thead th'),
                function (th) { return th.textContent === 'objective'; });
              function ids() {
                return Array.prototype.map.call(document.querySelectorAll('#trial-table tbody tr'),
                  function (row) { return row.cells[0].textContent; }).join(',');
              }
              header.click();
              document.body.setAttribute('data-ascending', ids());
              header.click();
              document.body.setAttribute('data-descending', ids());
            });
            </script>
            """;
        File.WriteAllText(page, File.ReadAllText(page).Replace("</body>", clicks + "</body>", StringComparison.Ordinal));

        var dom = await HeadlessChromium.DumpDom(page);

        var scored = history.Trials.Where(t => t.Curve.Count > 0 && double.IsFinite(t.Curve[^1].Objective))
            .OrderBy(t => t.Curve[^1].Objective).Select(t => t.Trial.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        string[] blank = ["13", "14"]; // failed with no epoch, diverged to NaN
        Assert.Equal([.. scored, .. blank], Attribute(dom, "data-ascending"));
        Assert.Equal([.. scored.Reverse(), .. blank], Attribute(dom, "data-descending"));
    }

    private static string[] Attribute(string dom, string name)
    {
        var match = Regex.Match(dom, name + "=\"([^\"]*)\"");
        Assert.True(match.Success, $"the page has no {name}: its script did not run");
        return match.Groups[1].Value.Split(',');
    }

    /// <summary>The data-loaded flag of every img in the DOM ("unmarked" when the page's script did not mark it).</summary>
    internal static List<string> LoadedFlags(string dom) =>
        Image().Matches(dom).Select(m => LoadedFlag().Match(m.Value) is { Success: true } f ? f.Groups[1].Value : "unmarked").ToList();

    [GeneratedRegex("<img[^>]*>")]
    private static partial Regex Image();

    [GeneratedRegex("data-loaded=\"(\\w+)\"")]
    private static partial Regex LoadedFlag();
}
