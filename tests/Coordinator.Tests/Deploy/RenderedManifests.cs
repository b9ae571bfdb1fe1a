using System.Diagnostics;
using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>The deploy/k8s overlays as `kubectl kustomize` renders them, and what they set.</summary>
internal static class RenderedManifests
{
    /// <summary>The rendered overlay (YAML documents).</summary>
    public static async Task<string> Render(string overlay)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "kustomize", CliRun.RepositoryFile(Path.Combine("deploy", "k8s", "overlays", overlay)) }) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"kubectl is not installed ({e.Message}): it renders the kustomize overlays");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"kubectl kustomize {overlay}: {await stderr}");
            return await stdout;
        }
    }

    /// <summary>The <c>HPO__*</c> variables of the overlay's hpo-settings ConfigMap.</summary>
    public static async Task<Dictionary<string, string>> Settings(string overlay)
    {
        var manifests = await Render(overlay);
        var settings = manifests.Split("\n---\n")
            .Single(d => d.Contains("\nkind: ConfigMap\n", StringComparison.Ordinal) && d.Contains("\n  name: hpo-settings\n", StringComparison.Ordinal));
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in settings.Split('\n').Where(l => l.StartsWith("  HPO__", StringComparison.Ordinal)))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            environment[line[..colon].Trim()] = line[(colon + 1)..].Trim().Trim('"');
        }
        return environment;
    }
}
