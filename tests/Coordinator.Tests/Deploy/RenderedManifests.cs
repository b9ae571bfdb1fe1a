using System.Diagnostics;
using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>The deploy/k8s overlays as `kubectl kustomize` renders them, and what they set.</summary>
internal static class RenderedManifests
{
    /// <summary>The rendered overlay (YAML documents).</summary>
    public static async Task<string> Render(string overlay)
    {
        var (code, stdout, stderr) = await Run("kubectl", null, "kustomize", CliRun.RepositoryFile(Path.Combine("deploy", "k8s", "overlays", overlay)));
        Assert.True(code == 0, $"kubectl kustomize {overlay}: {stderr}");
        return stdout;
    }

    /// <summary>Runs a tool of the image (kubectl, node) with <paramref name="stdin"/>; a missing tool fails the test with a message.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> Run(string program, string? stdin, params string[] args) =>
        RunWith(new Dictionary<string, string>(), program, stdin, args);

    /// <summary>As <see cref="Run"/>, with <paramref name="environment"/> added to the process's environment.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunWith(IReadOnlyDictionary<string, string> environment, string program,
        string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"{program} is not installed ({e.Message}): kubectl (with kustomize) and node are on the image CI starts from");
            throw;
        }
        using (process)
        {
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin);
                process.StandardInput.Close();
            }
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
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
