using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// The chart, rendered by the real helm, describes the objects of the overlays field by field (tests/manifests/compare.mjs:
/// every object, label, env var, probe, port, volume, resource and security context), in every mode, but for the
/// short list of differences compare.mjs allows (docs/kubernetes.md); and a difference is reported.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ChartComparisonTests
{
    public static TheoryData<string> Overlays => new(Renderings.Overlays);

    private static async Task<(int ExitCode, string Output)> Compare(string overlay, string chart)
    {
        using var dir = new TempDir();
        var (left, right) = (Path.Combine(dir.Path, "overlay.yaml"), Path.Combine(dir.Path, "chart.yaml"));
        await File.WriteAllTextAsync(left, overlay);
        await File.WriteAllTextAsync(right, chart);
        var (code, stdout, stderr) = await RenderedManifests.Run("node", null, CliRun.RepositoryFile(Path.Combine("tests", "manifests", "compare.mjs")), left, right);
        return (code, stdout + stderr);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_chart_equals_the_overlay_field_by_field(string overlay)
    {
        var (code, output) = await Compare(await Renderings.Overlay(overlay), await Renderings.Chart(overlay));

        TestContext.Current.TestOutputHelper?.WriteLine($"{overlay} against helm template --set {string.Join(',', Renderings.ChartSets(overlay))}: {output}");
        Assert.True(code == 0, output);
        Assert.Matches(@"^\d+ objects compared, 0 differences, \d+ allowed\n$", output);
        Assert.True(int.Parse(output[..output.IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture) >= 6, output);
    }

    [Fact]
    public async Task A_changed_field_a_missing_object_and_a_variable_set_twice_are_reported()
    {
        var overlay = await Renderings.Overlay("cluster");
        var chart = (await Renderings.Chart("cluster"))
            .Replace("periodSeconds: 2\n", "periodSeconds: 3\n", StringComparison.Ordinal)
            .Replace("            - name: HPO__CLUSTER__PUBLICHOSTNAME\n              valueFrom: {fieldRef: {fieldPath: status.podIP}}\n",
                "            - name: HPO__CLUSTER__PUBLICHOSTNAME\n              valueFrom: {fieldRef: {fieldPath: status.podIP}}\n            - name: HPO__CLUSTER__PUBLICHOSTNAME\n              value: x\n",
                StringComparison.Ordinal);
        chart = string.Join("\n---\n", chart.Split("\n---\n").Where(d => !d.Contains("kind: PodDisruptionBudget", StringComparison.Ordinal)));

        var (code, output) = await Compare(overlay, chart);

        Assert.Equal(1, code);
        Assert.Contains("StatefulSet/hpo/hpo-coordinator: spec.template.spec.containers[hpo].startupProbe.periodSeconds: overlay 2, chart 3", output);
        Assert.Contains("Deployment/hpo/hpo-worker: spec.template.spec.containers[hpo].env[HPO__CLUSTER__PUBLICHOSTNAME] twice in the chart", output);
        Assert.Contains("PodDisruptionBudget/hpo/hpo-worker: only in the overlay", output);
    }
}
