using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hpo.Worker.Tests.Hosting;

/// <summary>Certificates made in-process for the TLS settings tests: self-signed ones, a CA and the leaves it issues.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 SelfSigned(string name, DateTimeOffset? notAfter = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(2));
    }

    public static X509Certificate2 Authority(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public static X509Certificate2 IssuedBy(X509Certificate2 authority, string name, DateTimeOffset? notAfter = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(2),
            RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>The certificate and its key as a PFX file under <paramref name="directory"/>.</summary>
    public static string WritePfx(X509Certificate2 certificate, string directory, string name, string password)
    {
        var path = Path.Combine(directory, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    /// <summary>The certificate alone (no key) as a PEM file under <paramref name="directory"/>.</summary>
    public static string WritePem(X509Certificate2 certificate, string directory, string name)
    {
        var path = Path.Combine(directory, name + ".crt");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    /// <summary>The public part only, as a peer presents it in a handshake.</summary>
    public static X509Certificate2 PublicPart(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);
}
