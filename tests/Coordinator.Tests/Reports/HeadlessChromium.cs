using System.Diagnostics;

namespace Hpo.Coordinator.Tests.Reports;

/// <summary>Debian's Chromium, headless: a page's DOM after its scripts ran, with no driver.</summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    /// <summary>The DOM of <paramref name="page"/> (a file) once its load handlers ran; fails, never skips, without Chromium.</summary>
    public static async Task<string> DumpDom(string page)
    {
        Assert.True(File.Exists(Executable),
            $"{Executable} is missing: install Debian's chromium (apt-get install -y chromium fonts-dejavu-core) to check the report in a browser");
        using var profile = new Cli.TempDir();
        var start = new ProcessStartInfo(Executable)
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
        return dom;
    }
}
