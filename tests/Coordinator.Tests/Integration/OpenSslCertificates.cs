using System.Diagnostics;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>Throwaway self-signed certificates made with the <c>openssl</c> command, as an operator would make them.</summary>
internal static class OpenSslCertificates
{
    /// <summary>A PFX file (certificate and private key) with subject <c>CN=<paramref name="name"/></c> in <paramref name="directory"/>.</summary>
    public static async Task<string> SelfSigned(string directory, string name, string password)
    {
        string key = Path.Combine(directory, name + ".key"), crt = Path.Combine(directory, name + ".crt"), pfx = Path.Combine(directory, name + ".pfx");
        await Run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt, "-days", "2", "-subj", "/CN=" + name);
        await Run("pkcs12", "-export", "-in", crt, "-inkey", key, "-out", pfx, "-passout", "pass:" + password);
        return pfx;
    }

    /// <summary>
    /// A self-signed certificate and its key as PEM files <c>tls.crt</c> and <c>tls.key</c> in <paramref name="directory"/>:
    /// what <c>kubectl create secret tls</c> (or a kustomize secretGenerator of type kubernetes.io/tls) puts in a pod's mount.
    /// </summary>
    public static Task TlsSecretFiles(string directory, string name) =>
        Run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", Path.Combine(directory, "tls.key"),
            "-out", Path.Combine(directory, "tls.crt"), "-days", "2", "-subj", "/CN=" + name);

    private static async Task Run(params string[] args)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"openssl {string.Join(' ', args)}: {await errors}");
    }
}
