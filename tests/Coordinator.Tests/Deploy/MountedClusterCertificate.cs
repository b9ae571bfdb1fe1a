using Hpo.Coordinator.Tests.Integration;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// The Secret hpo-cluster-tls as a pod sees it: <c>tls.crt</c> and <c>tls.key</c> made by openssl in a directory that
/// stands in for the mount at <see cref="MountPath"/>, and the settings that name files under the mount pointed there.
/// </summary>
internal static class MountedClusterCertificate
{
    /// <summary>Where the manifests and the chart mount the cluster's certificate.</summary>
    public const string MountPath = "/etc/hpo/tls";

    /// <summary><paramref name="settings"/> with every value under <see cref="MountPath"/> moved to a fresh certificate in <paramref name="directory"/>.</summary>
    public static async Task<Dictionary<string, string>> Into(IReadOnlyDictionary<string, string> settings, string directory)
    {
        Directory.CreateDirectory(directory);
        await OpenSslCertificates.TlsSecretFiles(directory, "hpo-cluster");
        var mounted = new Dictionary<string, string>(settings, StringComparer.Ordinal);
        foreach (var (key, value) in settings.Where(s => s.Value.StartsWith(MountPath + "/", StringComparison.Ordinal)))
            mounted[key] = Path.Combine(directory, value[(MountPath.Length + 1)..]);
        return mounted;
    }
}
