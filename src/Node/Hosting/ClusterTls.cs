using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hpo.Node.Hosting;

/// <summary>
/// The cluster port's mutual TLS settings (<c>Hpo:Cluster:Certificate</c>, <c>CertificatePassword</c>,
/// <c>CertificateAuthority</c>, <c>AllowInsecure</c>): what is wrong with them, and the certificate and peer policy
/// they name. Off on loopback without a certificate; a node bound elsewhere needs one or an explicit opt-out.
/// </summary>
public static class ClusterTls
{
    /// <summary>Whether <paramref name="hostname"/> binds only this machine (<c>localhost</c>, 127.0.0.0/8, <c>::1</c>).</summary>
    public static bool IsLoopback(string hostname) =>
        string.Equals(hostname, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(hostname, out var address) && IPAddress.IsLoopback(address));

    /// <summary>Whether the node runs without TLS on a non-loopback address because <c>AllowInsecure</c> says so.</summary>
    public static bool IsInsecureByChoice(HpoClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.Certificate) && options.AllowInsecure && !IsLoopback(options.Hostname);
    }

    /// <summary>The protocol of a node address over TLS (Akka.Remote's name for its DotNetty transport with TLS on).</summary>
    public const string TlsProtocol = "akka.ssl.tcp";

    /// <summary>
    /// The seed addresses as Akka must dial them: with a certificate every <c>akka.tcp://</c> seed becomes
    /// <c>akka.ssl.tcp://</c>, so commands and manifests name seeds the same way with TLS on or off.
    /// </summary>
    public static string[] SeedAddresses(HpoClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool tls = !string.IsNullOrWhiteSpace(options.Certificate);
        return options.Seeds.Select(s => tls && s.StartsWith("akka.tcp://", StringComparison.Ordinal) ? TlsProtocol + s["akka.tcp".Length..] : s).ToArray();
    }

    /// <summary>Whether <paramref name="path"/> is a PEM file (text with <c>-----BEGIN</c> blocks) rather than a PFX.</summary>
    private static bool IsPem(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4096];
        int read = file.Read(head);
        return System.Text.Encoding.ASCII.GetString(head[..read]).Contains("-----BEGIN", StringComparison.Ordinal);
    }

    /// <summary>What is wrong with the TLS settings of <paramref name="options"/> (the files are opened to find out).</summary>
    public static IReadOnlyList<string> Problems(HpoClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Certificate))
        {
            foreach (var seed in options.Seeds.Where(s => s.StartsWith(TlsProtocol + "://", StringComparison.Ordinal)))
                problems.Add($"Hpo:Cluster:Seeds: '{seed}' is reached over TLS, which needs Hpo:Cluster:Certificate");
            if (!string.IsNullOrWhiteSpace(options.CertificateKey))
                problems.Add("Hpo:Cluster:CertificateKey is set but Hpo:Cluster:Certificate is not: the key belongs to a certificate");
            if (!string.IsNullOrWhiteSpace(options.CertificateAuthority))
                problems.Add("Hpo:Cluster:CertificateAuthority is set but Hpo:Cluster:Certificate is not: a node needs a certificate of its own to present");
            else if (!IsLoopback(options.Hostname) && !options.AllowInsecure)
                problems.Add($"Hpo:Cluster:Certificate (HPO__CLUSTER__CERTIFICATE) is required when the cluster port is bound to '{options.Hostname}', " +
                    "not loopback: without it anyone who reaches the port joins the cluster (Hpo:Cluster:AllowInsecure=true to run so anyway)");
            return problems;
        }
        if (!File.Exists(options.Certificate))
        {
            problems.Add($"Hpo:Cluster:Certificate: '{options.Certificate}' cannot be read (no such file)");
            return problems;
        }
        if (!string.IsNullOrWhiteSpace(options.CertificateKey) && !File.Exists(options.CertificateKey))
        {
            problems.Add($"Hpo:Cluster:CertificateKey: '{options.CertificateKey}' cannot be read (no such file)");
            return problems;
        }
        try
        {
            if (!string.IsNullOrWhiteSpace(options.CertificateKey) && !IsPem(options.Certificate))
                problems.Add($"Hpo:Cluster:CertificateKey is for a PEM certificate; '{options.Certificate}' is a PFX, which holds its own key");
            using var certificate = LoadCertificate(options);
            if (!certificate.HasPrivateKey)
                problems.Add($"Hpo:Cluster:Certificate: '{options.Certificate}' has no private key (a PFX with the key, or a PEM certificate with Hpo:Cluster:CertificateKey)");
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            problems.Add($"Hpo:Cluster:Certificate: '{options.Certificate}' cannot be read ({Reason(e)})");
        }
        if (!string.IsNullOrWhiteSpace(options.CertificateAuthority))
        {
            try
            {
                LoadAuthorities(options.CertificateAuthority).DisposeAll();
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                problems.Add($"Hpo:Cluster:CertificateAuthority: '{options.CertificateAuthority}' cannot be read ({Reason(e)})");
            }
        }
        return problems;
    }

    /// <summary>The node's certificate and the policy its peers must pass, or null when TLS is off (no certificate).</summary>
    public static (X509Certificate2 Certificate, PeerCertificatePolicy Peers)? Load(HpoClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Certificate)) return null;
        var certificate = LoadCertificate(options);
        var peers = string.IsNullOrWhiteSpace(options.CertificateAuthority)
            ? PeerCertificatePolicy.Pinned(certificate)
            : PeerCertificatePolicy.IssuedBy(LoadAuthorities(options.CertificateAuthority));
        return (certificate, peers);
    }

    /// <summary>
    /// The node's certificate with its private key: a PFX, or a PEM certificate with its key in
    /// <c>CertificateKey</c> or in the same file (the <c>tls.crt</c> and <c>tls.key</c> of a Kubernetes TLS Secret,
    /// as <c>kubectl create secret tls</c> and cert-manager write them; the key may be encrypted with <c>CertificatePassword</c>).
    /// </summary>
    private static X509Certificate2 LoadCertificate(HpoClusterOptions options)
    {
        string path = options.Certificate!;
        if (!IsPem(path))
            return X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        string? key = string.IsNullOrWhiteSpace(options.CertificateKey) ? null : options.CertificateKey;
        if (key is null && !File.ReadAllText(path).Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            return X509CertificateLoader.LoadCertificateFromFile(path);
        using var pem = string.IsNullOrEmpty(options.CertificatePassword)
            ? X509Certificate2.CreateFromPemFile(path, key)
            : X509Certificate2.CreateFromEncryptedPemFile(path, options.CertificatePassword, key);
        // A key read from PEM lives only in this object; through PKCS #12 it is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.EphemeralKeySet);
    }

    /// <summary>Every certificate of a PEM bundle (old and new CA during a rotation), or the one of a DER file.</summary>
    private static X509Certificate2Collection LoadAuthorities(string path)
    {
        var authorities = new X509Certificate2Collection();
        if (File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)) authorities.ImportFromPemFile(path);
        else authorities.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        return authorities.Count > 0 ? authorities : throw new CryptographicException("no certificate in it");
    }

    private static void DisposeAll(this X509Certificate2Collection certificates)
    {
        foreach (var certificate in certificates) certificate.Dispose();
    }

    private static string Reason(Exception e) => e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message.Trim().TrimEnd('.');
}
