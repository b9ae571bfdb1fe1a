using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;

namespace Hpo.Node.Hosting;

/// <summary>
/// Which certificates a cluster node accepts from a peer, on both ends of a connection (Akka.Remote's DotNetty
/// transport calls <see cref="Validate"/> as client and, with mutual authentication, as server). It replaces the
/// system's chain validation: the cluster's certificates are its own, not the web's, so the system store means nothing.
/// </summary>
public sealed class PeerCertificatePolicy
{
    private readonly byte[]? _pinnedSha256;
    private readonly X509Certificate2Collection? _authorities;

    private PeerCertificatePolicy(byte[]? pinnedSha256, X509Certificate2Collection? authorities)
    {
        _pinnedSha256 = pinnedSha256;
        _authorities = authorities;
    }

    /// <summary>Accepts only a peer presenting exactly <paramref name="certificate"/> (compared by its SHA-256 hash).</summary>
    public static PeerCertificatePolicy Pinned(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new PeerCertificatePolicy(certificate.GetCertHash(HashAlgorithmName.SHA256), null);
    }

    /// <summary>Accepts a peer whose certificate chains to one of <paramref name="authorities"/> and is valid now.</summary>
    public static PeerCertificatePolicy IssuedBy(X509Certificate2Collection authorities)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        return new PeerCertificatePolicy(null, authorities);
    }

    /// <summary>Whether <paramref name="peer"/> may be a member; a refusal is logged with the peer's address and certificate.</summary>
    public bool Validate(X509Certificate2? peer, X509Chain? chain, string remotePeer, SslPolicyErrors errors, ILoggingAdapter? log)
    {
        bool accepted = peer is not null && (_pinnedSha256 is not null
            ? CryptographicOperations.FixedTimeEquals(peer.GetCertHash(HashAlgorithmName.SHA256), _pinnedSha256)
            : ChainsToAuthority(peer, chain));
        if (!accepted)
            log?.Warning("Cluster TLS: refused {0}: {1}", remotePeer,
                peer is null ? "it presented no certificate" : $"its certificate ({peer.Subject}, SHA-256 {peer.GetCertHashString(HashAlgorithmName.SHA256)}) is not the cluster's");
        return accepted;
    }

    private bool ChainsToAuthority(X509Certificate2 peer, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities!);
        // A private CA publishes no revocation list; rotation replaces certificates instead (docs/cluster-tls.md).
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        return chain.Build(peer);
    }
}
