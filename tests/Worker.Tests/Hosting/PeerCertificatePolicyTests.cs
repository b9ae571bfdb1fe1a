using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Hpo.Node.Hosting;

namespace Hpo.Worker.Tests.Hosting;

public sealed class PeerCertificatePolicyTests
{
    private static bool Accepts(PeerCertificatePolicy policy, X509Certificate2? peer) =>
        policy.Validate(peer, null, "akka.tcp://hpo@127.0.0.1:4053", SslPolicyErrors.RemoteCertificateChainErrors, null);

    [Fact]
    public void A_pinned_policy_accepts_the_clusters_certificate_alone()
    {
        using var cluster = TestCertificates.SelfSigned("cluster");
        using var other = TestCertificates.SelfSigned("cluster");
        var policy = PeerCertificatePolicy.Pinned(cluster);

        Assert.True(Accepts(policy, TestCertificates.PublicPart(cluster)));
        Assert.False(Accepts(policy, other), "another certificate with the same subject");
        Assert.False(Accepts(policy, null), "no certificate");
    }

    [Fact]
    public void An_authority_policy_accepts_current_certificates_it_issued_and_nothing_else()
    {
        using var authority = TestCertificates.Authority("hpo-ca");
        using var stranger = TestCertificates.Authority("hpo-ca");
        using var member = TestCertificates.IssuedBy(authority, "worker-1");
        using var expired = TestCertificates.IssuedBy(authority, "worker-2", DateTimeOffset.UtcNow.AddHours(-1));
        using var forged = TestCertificates.IssuedBy(stranger, "worker-1");
        using var selfSigned = TestCertificates.SelfSigned("worker-1");
        var policy = PeerCertificatePolicy.IssuedBy([TestCertificates.PublicPart(authority)]);

        Assert.True(Accepts(policy, TestCertificates.PublicPart(member)));
        Assert.False(Accepts(policy, expired), "expired");
        Assert.False(Accepts(policy, forged), "issued by another CA with the same name");
        Assert.False(Accepts(policy, selfSigned), "self-signed");
        Assert.False(Accepts(policy, null), "no certificate");
    }
}
