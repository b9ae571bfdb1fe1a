using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// The chart helm/hpo through the real helm binary (v4.1.4, installed by tests/manifests/install-helm.sh, which
/// test.sh runs), its state kept in a temporary directory rather than the user's home.
/// </summary>
internal static class Helm
{
    public static string Chart => CliRun.RepositoryFile(Path.Combine("helm", "hpo"));

    private static string Binary => CliRun.RepositoryFile(Path.Combine("tests", "manifests", ".tools", "helm"));

    /// <summary>Runs helm with <paramref name="args"/>; a missing binary fails the test with how to install it.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args)
    {
        Assert.True(File.Exists(Binary), "tests/manifests/.tools/helm is missing: run tests/manifests/install-helm.sh (test.sh does)");
        using var home = new TempDir();
        var environment = new Dictionary<string, string>
        {
            ["HELM_CACHE_HOME"] = home.Path,
            ["HELM_CONFIG_HOME"] = home.Path,
            ["HELM_DATA_HOME"] = home.Path,
        };
        return await RenderedManifests.RunWith(environment, Binary, null, args);
    }

    /// <summary>`helm template RELEASE CHART -n NAMESPACE --set ...` of <paramref name="chart"/> (the repository's by default).</summary>
    public static async Task<string> Template(string release, string ns, string[] sets, string? chart = null)
    {
        var (code, stdout, stderr) = await TryTemplate(release, ns, sets, chart);
        Assert.True(code == 0, $"helm template {string.Join(' ', sets)}: {stderr}");
        return stdout;
    }

    public static Task<(int ExitCode, string Stdout, string Stderr)> TryTemplate(string release, string ns, string[] sets, string? chart = null) =>
        Run([.. new[] { "template", release, chart ?? Chart, "--namespace", ns }, .. sets.SelectMany(s => new[] { "--set", s })]);
}
