using System.Text.Json.Nodes;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// The checks of Kubernetes's Pod Security Standard "restricted" (and the "baseline" ones it includes) that a pod
/// template can fail: host namespaces, host paths and ports, privileged containers, capabilities other than dropping
/// all, privilege escalation, running as root, and a seccomp profile other than RuntimeDefault or Localhost.
/// </summary>
internal static class PodSecurityRestricted
{
    private static readonly HashSet<string> AllowedVolumes = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret", "name"];

    /// <summary>What the pod template <paramref name="pod"/> of <paramref name="where"/> breaks, one line each.</summary>
    public static List<string> Violations(string where, JsonObject pod)
    {
        var problems = new List<string>();
        void Check(bool ok, string what)
        {
            if (!ok) problems.Add($"{where}: {what}");
        }
        foreach (var host in new[] { "hostNetwork", "hostPID", "hostIPC" })
            Check(pod[host]?.GetValue<bool>() != true, $"{host} is set");
        foreach (var volume in pod["volumes"]?.AsArray() ?? [])
            Check(volume!.AsObject().All(kv => AllowedVolumes.Contains(kv.Key)), $"volume {(string?)volume["name"]} is of a type restricted pods may not use");
        var podContext = pod["securityContext"];
        foreach (var container in (pod["initContainers"]?.AsArray() ?? []).Concat(pod["containers"]!.AsArray()))
        {
            var name = (string?)container!["name"];
            var context = container["securityContext"];
            Check(context?["privileged"]?.GetValue<bool>() != true, $"container {name} is privileged");
            Check(context?["allowPrivilegeEscalation"]?.GetValue<bool>() == false, $"container {name} does not set allowPrivilegeEscalation: false");
            var capabilities = context?["capabilities"];
            Check(capabilities?["drop"]?.AsArray().Any(c => (string?)c == "ALL") == true, $"container {name} does not drop ALL capabilities");
            Check((capabilities?["add"]?.AsArray() ?? []).All(c => (string?)c == "NET_BIND_SERVICE"), $"container {name} adds capabilities");
            Check((context?["runAsNonRoot"] ?? podContext?["runAsNonRoot"])?.GetValue<bool>() == true, $"container {name} may run as root (runAsNonRoot)");
            Check((context?["runAsUser"] ?? podContext?["runAsUser"])?.GetValue<long>() != 0, $"container {name} runs as user 0");
            var seccomp = (string?)(context?["seccompProfile"] ?? podContext?["seccompProfile"])?["type"];
            Check(seccomp is "RuntimeDefault" or "Localhost", $"container {name} has seccomp profile {seccomp ?? "(none)"}");
            Check((container["ports"]?.AsArray() ?? []).All(p => p!["hostPort"] is null), $"container {name} uses a host port");
        }
        return problems;
    }
}
