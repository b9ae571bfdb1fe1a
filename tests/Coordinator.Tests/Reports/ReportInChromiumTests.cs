using System.Diagnostics;
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
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Every_image_of_the_written_page_loads_in_headless_chromium()
    {
        using var dir = new TempDir();
        var written = ReportWriter.WriteDirectory(ReportHistories.Asha(), dir.Path);
        int pngs = written.Count(f => f.EndsWith(".png", StringComparison.Ordinal));

        var loaded = await LoadedFlags(Path.Combine(dir.Path, ReportWriter.PageFile));

        Assert.Equal(pngs, loaded.Count);
        Assert.All(loaded, flag => Assert.Equal("true", flag));
    }

    [Fact]
    public async Task A_deleted_plot_shows_as_an_image_that_did_not_load()
    {
        using var dir = new TempDir();
        var written = ReportWriter.WriteDirectory(ReportHistories.Asha(), dir.Path);
        File.Delete(written.First(f => f.EndsWith("learning-curves.png", StringComparison.Ordinal)));

        var loaded = await LoadedFlags(Path.Combine(dir.Path, ReportWriter.PageFile));

        Assert.Equal(written.Count(f => f.EndsWith(".png", StringComparison.Ordinal)), loaded.Count);
        Assert.Equal(1, loaded.Count(flag => flag == "false"));
    }

    /// <summary>The data-loaded flag of every img of the page, as Chromium leaves the DOM after the page's scripts ran.</summary>
    private static async Task<List<string>> LoadedFlags(string page)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (apt-get install -y chromium fonts-dejavu-core) to check the report's images in a browser");
        using var profile = new TempDir();
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            $"--user-data-dir={profile.Path}", "--virtual-time-budget=3000", "--dump-dom", new Uri(page).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(arg);
        }
        using var chromium = Process.Start(start)!;
        var stdout = chromium.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = chromium.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await chromium.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            chromium.Kill(entireProcessTree: true);
            throw;
        }
        var dom = await stdout;
        Assert.True(chromium.ExitCode == 0 && dom.Contains("</html>", StringComparison.Ordinal),
            $"chromium exited with {chromium.ExitCode}: {await stderr}");
        var images = Image().Matches(dom).Select(m => m.Value).ToList();
        return images.Select(tag => LoadedFlag().Match(tag) is { Success: true } m ? m.Groups[1].Value : "unmarked").ToList();
    }

    [GeneratedRegex("<img[^>]*>")]
    private static partial Regex Image();

    [GeneratedRegex("data-loaded=\"(\\w+)\"")]
    private static partial Regex LoadedFlag();
}
