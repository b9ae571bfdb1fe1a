using System.Text.Json.Nodes;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// Every pod of every overlay and of the chart, the bundled PostgreSQL's included, passes Pod Security "restricted"
/// (which the overlays' Namespace enforces), and the check catches a pod that does not.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PodSecurityTests
{
    public static TheoryData<string> Overlays => new(Renderings.Overlays);

    private static List<string> Violations(JsonArray objects) =>
        objects.Where(o => Renderings.PodSpec(o!) is not null)
            .SelectMany(o => PodSecurityRestricted.Violations($"{Renderings.Kind(o!)}/{Renderings.Name(o!)}", Renderings.PodSpec(o!)!)).ToList();

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_pod_of_an_overlay_and_of_the_chart_passes_pod_security_restricted(string overlay)
    {
        var objects = await Renderings.Objects(await Renderings.Overlay(overlay));
        var chart = await Renderings.Objects(await Renderings.Chart(overlay));

        Assert.Empty(Violations(objects));
        Assert.Empty(Violations(chart));
        Assert.Contains(objects, o => Renderings.Kind(o!) == "Namespace" && (string?)o!["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"] == "restricted");
    }

    [Fact]
    public async Task A_pod_running_as_root_without_a_seccomp_profile_or_dropped_capabilities_is_caught()
    {
        var objects = await Renderings.Objects(await Renderings.Overlay("cluster"));
        var postgres = Renderings.PodSpec(objects.Single(o => Renderings.Name(o!) == "hpo-postgres" && Renderings.Kind(o!) == "StatefulSet")!)!;
        postgres.Remove("securityContext");
        postgres["containers"]![0]!.AsObject().Remove("securityContext");
        postgres["volumes"] = new JsonArray(new JsonObject { ["name"] = "host", ["hostPath"] = new JsonObject { ["path"] = "/" } });

        var violations = Violations(objects);

        Assert.Equal(
        [
            "StatefulSet/hpo-postgres: volume host is of a type restricted pods may not use",
            "StatefulSet/hpo-postgres: container postgres does not set allowPrivilegeEscalation: false",
            "StatefulSet/hpo-postgres: container postgres does not drop ALL capabilities",
            "StatefulSet/hpo-postgres: container postgres may run as root (runAsNonRoot)",
            "StatefulSet/hpo-postgres: container postgres has seccomp profile (none)",
        ], violations);
    }
}
