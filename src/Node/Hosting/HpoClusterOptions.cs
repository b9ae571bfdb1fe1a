using Akka.Actor;

namespace Hpo.Node.Hosting;

/// <summary>
/// How a process joins the cluster (configuration section <c>Hpo:Cluster</c>; command line <c>--hostname</c>,
/// <c>--port</c>, <c>--seed</c>). With no seeds the process joins itself: it founds a new cluster.
/// </summary>
public sealed class HpoClusterOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hpo:Cluster";

    /// <summary>The actor system's name; every member and seed address must use it.</summary>
    public string SystemName { get; set; } = "hpo";

    /// <summary>The address to bind (and to be reached at, unless <see cref="PublicHostname"/> is set).</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>The address other nodes reach this one at (default: <see cref="Hostname"/>; in a pod, its IP).</summary>
    public string? PublicHostname { get; set; }

    /// <summary>The port to bind; 0 = any free port.</summary>
    public int Port { get; set; }

    /// <summary>Seed node addresses, e.g. <c>akka.tcp://hpo@127.0.0.1:4053</c> (dialled as <c>akka.ssl.tcp://</c> with a <see cref="Certificate"/>).</summary>
    public List<string> Seeds { get; set; } = [];

    /// <summary>The split-brain resolver's strategy: <c>KeepMajority</c> (default) or <c>KeepOldest</c>.</summary>
    public SplitBrainStrategy SplitBrainStrategy { get; set; } = SplitBrainStrategy.KeepMajority;

    /// <summary>How long membership must be stable before the resolver downs unreachable nodes.</summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a worker that joined through seeds stays in a cluster without a coordinator before it leaves it and
    /// joins its seeds again with a new node (a restarted coordinator founds a new cluster).
    /// </summary>
    public TimeSpan RejoinAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The cluster's certificate (a PFX file with its private key, or a PEM certificate with <see cref="CertificateKey"/>): when set, the cluster port speaks mutual TLS and
    /// accepts only peers that present this certificate, or one the <see cref="CertificateAuthority"/> issued
    /// (<see cref="ClusterTls"/>). Required when <see cref="Hostname"/> is not loopback, unless <see cref="AllowInsecure"/>.
    /// </summary>
    public string? Certificate { get; set; }

    /// <summary>
    /// The private key (PEM) of a PEM <see cref="Certificate"/>, e.g. <c>tls.key</c> of a Kubernetes TLS Secret; not
    /// needed when the key is in the certificate's own file or the certificate is a PFX.
    /// </summary>
    public string? CertificateKey { get; set; }

    /// <summary>The PFX file's (or an encrypted PEM key's) password (prefer <c>HPO__CLUSTER__CERTIFICATEPASSWORD</c> to a file or a flag).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// A CA certificate (PEM or DER) that issues the members' certificates: when set, a peer is accepted if its
    /// certificate chains to it, instead of only when it presents this node's own certificate.
    /// </summary>
    public string? CertificateAuthority { get; set; }

    /// <summary>Lets a node bound to a non-loopback address run without <see cref="Certificate"/> (anyone who reaches the port can join); logged as a warning.</summary>
    public bool AllowInsecure { get; set; }

    /// <summary>What is wrong with these settings (empty when nothing).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(SystemName) || !SystemName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            errors.Add($"Hpo:Cluster:SystemName must be letters, digits, '-' or '_' (is '{SystemName}')");
        if (string.IsNullOrWhiteSpace(Hostname)) errors.Add("Hpo:Cluster:Hostname is empty");
        if (Port is < 0 or > 65535) errors.Add($"Hpo:Cluster:Port must be between 0 and 65535 (is {Port})");
        foreach (var seed in Seeds)
        {
            Address? address = null;
            try
            {
                address = Address.Parse(seed);
            }
            catch (Exception e) when (e is UriFormatException or ArgumentException)
            {
            }
            if (address is null || address.Host is null || address.Port is null)
                errors.Add($"Hpo:Cluster:Seeds: '{seed}' is not a node address like akka.tcp://{SystemName}@127.0.0.1:4053");
            else if (address.System != SystemName)
                errors.Add($"Hpo:Cluster:Seeds: '{seed}' names the actor system '{address.System}', not '{SystemName}'");
        }
        if (StableAfter <= TimeSpan.Zero) errors.Add($"Hpo:Cluster:StableAfter must be positive (is {StableAfter})");
        if (RejoinAfter <= TimeSpan.Zero) errors.Add($"Hpo:Cluster:RejoinAfter must be positive (is {RejoinAfter})");
        errors.AddRange(ClusterTls.Problems(this));
        return errors;
    }
}
