using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Hpo.Node.Hosting;
using Hpo.Worker.Hosting;
using Microsoft.Extensions.Configuration;

namespace Hpo.Worker.Tests.Hosting;

public sealed class ClusterTlsSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hpo-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.5", true)]
    [InlineData("::1", true)]
    [InlineData("localhost", true)]
    [InlineData("LocalHost", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("hpo-coordinator-0.hpo-coordinator.default.svc.cluster.local", false)]
    public void Loopback_is_localhost_127_slash_8_and_ipv6_one(string hostname, bool loopback) =>
        Assert.Equal(loopback, ClusterTls.IsLoopback(hostname));

    [Fact]
    public void Without_a_certificate_a_non_loopback_bind_is_one_problem_naming_the_setting_and_the_opt_out()
    {
        var problem = Assert.Single(new HpoClusterOptions { Hostname = "0.0.0.0" }.Validate());

        Assert.StartsWith("Hpo:Cluster:Certificate (HPO__CLUSTER__CERTIFICATE) is required when the cluster port is bound to '0.0.0.0'", problem);
        Assert.Contains("Hpo:Cluster:AllowInsecure=true", problem);
        Assert.Empty(new HpoClusterOptions { Hostname = "127.0.0.1" }.Validate());
        Assert.Null(ClusterTls.Load(new HpoClusterOptions()));
    }

    [Fact]
    public void With_a_certificate_seeds_are_dialled_over_tls_and_without_one_a_tls_seed_is_a_problem()
    {
        string[] seeds = ["akka.tcp://hpo@127.0.0.1:4053", "akka.ssl.tcp://hpo@127.0.0.1:4054"];

        Assert.Equal(["akka.ssl.tcp://hpo@127.0.0.1:4053", "akka.ssl.tcp://hpo@127.0.0.1:4054"],
            ClusterTls.SeedAddresses(new HpoClusterOptions { Seeds = [.. seeds], Certificate = "cluster.pfx" }));
        Assert.Equal(seeds, ClusterTls.SeedAddresses(new HpoClusterOptions { Seeds = [.. seeds] }));
        Assert.Equal("Hpo:Cluster:Seeds: 'akka.ssl.tcp://hpo@127.0.0.1:4054' is reached over TLS, which needs Hpo:Cluster:Certificate",
            Assert.Single(new HpoClusterOptions { Seeds = [.. seeds] }.Validate()));
    }

    [Fact]
    public void The_opt_out_lets_a_non_loopback_node_start_without_tls_and_is_flagged_for_the_warning()
    {
        var insecure = new HpoClusterOptions { Hostname = "0.0.0.0", AllowInsecure = true };

        Assert.Empty(insecure.Validate());
        Assert.True(ClusterTls.IsInsecureByChoice(insecure));
        Assert.False(ClusterTls.IsInsecureByChoice(new HpoClusterOptions { AllowInsecure = true }));
        Assert.False(ClusterTls.IsInsecureByChoice(new HpoClusterOptions { Hostname = "0.0.0.0", AllowInsecure = true, Certificate = "cluster.pfx" }));
    }

    [Fact]
    public void A_readable_pfx_with_its_key_is_accepted_on_any_address()
    {
        using var certificate = TestCertificates.SelfSigned("cluster");
        var pfx = TestCertificates.WritePfx(certificate, _dir, "cluster", "pw");

        Assert.Empty(new HpoClusterOptions { Hostname = "0.0.0.0", Certificate = pfx, CertificatePassword = "pw" }.Validate());
        var loaded = ClusterTls.Load(new HpoClusterOptions { Certificate = pfx, CertificatePassword = "pw" });
        Assert.NotNull(loaded);
        Assert.Equal(certificate.Thumbprint, loaded.Value.Certificate.Thumbprint);
        Assert.True(loaded.Value.Certificate.HasPrivateKey);
    }

    [Fact]
    public void A_kubernetes_tls_secret_pem_certificate_and_key_load_as_one_certificate_with_its_key()
    {
        using var certificate = TestCertificates.SelfSigned("cluster");
        var crt = TestCertificates.WritePem(certificate, _dir, "tls");
        var key = Path.Combine(_dir, "tls.key");
        File.WriteAllText(key, certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var both = Path.Combine(_dir, "both.pem");
        File.WriteAllText(both, File.ReadAllText(crt) + "\n" + File.ReadAllText(key));

        foreach (var options in new[]
        {
            new HpoClusterOptions { Hostname = "0.0.0.0", Certificate = crt, CertificateKey = key },
            new HpoClusterOptions { Hostname = "0.0.0.0", Certificate = both },
        })
        {
            Assert.Empty(options.Validate());
            var loaded = ClusterTls.Load(options)!.Value.Certificate;
            Assert.Equal(certificate.Thumbprint, loaded.Thumbprint);
            Assert.True(loaded.HasPrivateKey);
        }
    }

    [Fact]
    public void A_pem_certificate_without_its_key_a_missing_key_file_and_a_key_beside_a_pfx_are_each_named()
    {
        using var certificate = TestCertificates.SelfSigned("cluster");
        var crt = TestCertificates.WritePem(certificate, _dir, "tls");
        var pfx = TestCertificates.WritePfx(certificate, _dir, "cluster", "pw");
        var key = Path.Combine(_dir, "tls.key");
        File.WriteAllText(key, certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());

        Assert.Contains("has no private key", Assert.Single(new HpoClusterOptions { Certificate = crt }.Validate()));
        Assert.Equal($"Hpo:Cluster:CertificateKey: '{Path.Combine(_dir, "none.key")}' cannot be read (no such file)",
            Assert.Single(new HpoClusterOptions { Certificate = crt, CertificateKey = Path.Combine(_dir, "none.key") }.Validate()));
        Assert.StartsWith("Hpo:Cluster:CertificateKey is for a PEM certificate",
            Assert.Single(new HpoClusterOptions { Certificate = pfx, CertificatePassword = "pw", CertificateKey = key }.Validate()));
        Assert.StartsWith("Hpo:Cluster:CertificateKey is set but Hpo:Cluster:Certificate is not",
            Assert.Single(new HpoClusterOptions { CertificateKey = key }.Validate()));
    }

    [Fact]
    public void A_missing_file_a_wrong_password_a_certificate_without_key_and_a_bad_authority_are_each_named()
    {
        using var certificate = TestCertificates.SelfSigned("cluster");
        var pfx = TestCertificates.WritePfx(certificate, _dir, "cluster", "pw");
        var keyless = TestCertificates.WritePfx(TestCertificates.PublicPart(certificate), _dir, "keyless", "pw");
        var notACertificate = Path.Combine(_dir, "ca.crt");
        File.WriteAllText(notACertificate, "not a certificate");

        Assert.Contains("no such file", Assert.Single(new HpoClusterOptions { Certificate = Path.Combine(_dir, "none.pfx") }.Validate()));
        Assert.StartsWith($"Hpo:Cluster:Certificate: '{pfx}' cannot be read",
            Assert.Single(new HpoClusterOptions { Certificate = pfx, CertificatePassword = "wrong" }.Validate()));
        Assert.Contains("has no private key", Assert.Single(new HpoClusterOptions { Certificate = keyless, CertificatePassword = "pw" }.Validate()));
        Assert.StartsWith("Hpo:Cluster:CertificateAuthority:",
            Assert.Single(new HpoClusterOptions { Certificate = pfx, CertificatePassword = "pw", CertificateAuthority = notACertificate }.Validate()));
        Assert.StartsWith("Hpo:Cluster:CertificateAuthority is set but Hpo:Cluster:Certificate is not",
            Assert.Single(new HpoClusterOptions { CertificateAuthority = notACertificate }.Validate()));
    }

    [Fact]
    public void The_environment_variables_set_the_certificate_and_a_bad_combination_fails_the_load()
    {
        using var certificate = TestCertificates.SelfSigned("cluster");
        var pfx = TestCertificates.WritePfx(certificate, _dir, "cluster", "pw");
        IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var settings = NodeSettings.Load(Configuration(new()
        {
            ["Hpo:Cluster:Hostname"] = "0.0.0.0", ["Hpo:Cluster:Certificate"] = pfx, ["Hpo:Cluster:CertificatePassword"] = "pw",
        }));
        Assert.Equal(pfx, settings.Cluster.Certificate);

        var refused = Assert.Throws<SettingsException>(() => NodeSettings.Load(Configuration(new() { ["Hpo:Cluster:Hostname"] = "0.0.0.0" })));
        Assert.Contains("Hpo:Cluster:Certificate", Assert.Single(refused.Problems));
        var notABool = Assert.Throws<SettingsException>(() => NodeSettings.Load(Configuration(new() { ["Hpo:Cluster:AllowInsecure"] = "maybe" })));
        Assert.Contains("Hpo:Cluster:AllowInsecure: 'maybe' is not true or false", notABool.Message);
    }

    [Fact]
    public void During_a_rotation_an_authority_bundle_accepts_members_of_either_authority_and_after_it_only_the_new()
    {
        using var old = TestCertificates.Authority("hpo-ca-2025");
        using var next = TestCertificates.Authority("hpo-ca-2026");
        using var oldMember = TestCertificates.IssuedBy(old, "worker-1");
        using var newMember = TestCertificates.IssuedBy(next, "worker-2");
        var during = Path.Combine(_dir, "during.crt");
        File.WriteAllText(during, old.ExportCertificatePem() + "\n" + next.ExportCertificatePem());
        var options = new HpoClusterOptions
        {
            Certificate = TestCertificates.WritePfx(newMember, _dir, "worker-2", "pw"), CertificatePassword = "pw", CertificateAuthority = during,
        };
        static bool Accepts(PeerCertificatePolicy policy, X509Certificate2 peer) =>
            policy.Validate(peer, null, "akka.tcp://hpo@127.0.0.1:4053", SslPolicyErrors.RemoteCertificateChainErrors, null);

        Assert.Empty(options.Validate());
        var peers = ClusterTls.Load(options)!.Value.Peers;
        Assert.True(Accepts(peers, oldMember));
        Assert.True(Accepts(peers, newMember));

        options.CertificateAuthority = TestCertificates.WritePem(next, _dir, "after");
        var after = ClusterTls.Load(options)!.Value.Peers;
        Assert.False(Accepts(after, oldMember));
        Assert.True(Accepts(after, newMember));
    }
}
