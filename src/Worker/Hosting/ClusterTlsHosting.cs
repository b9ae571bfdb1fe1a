using Akka.Event;
using Akka.Hosting;
using Akka.Remote.Hosting;

namespace Hpo.Worker.Hosting;

public static partial class HpoHosting
{
    /// <summary>
    /// Remoting on the configured address; with <c>Hpo:Cluster:Certificate</c>, over mutual TLS: the node presents
    /// the certificate and both ends of every connection must pass the <see cref="PeerCertificatePolicy"/>, so a
    /// process without the cluster's certificate never completes a handshake, let alone joins.
    /// </summary>
    public static AkkaConfigurationBuilder WithHpoRemoting(this AkkaConfigurationBuilder builder, HpoClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var remote = new RemoteOptions { HostName = options.Hostname, Port = options.Port, PublicHostName = options.PublicHostname };
        if (ClusterTls.Load(options) is var (certificate, peers))
        {
            remote.EnableSsl = true;
            remote.Ssl = new SslOptions
            {
                X509Certificate = certificate,
                SuppressValidation = false,
                RequireMutualAuthentication = true,
                // Members reach each other by IP or pod name, which a shared certificate cannot list; the policy pins the peer instead.
                ValidateCertificateHostname = false,
                CustomValidator = peers.Validate,
            };
        }
        builder.WithRemoting(remote);
        if (ClusterTls.IsInsecureByChoice(options))
        {
            builder.AddStartup((system, _) => system.Log.Warning(
                "Hpo:Cluster:AllowInsecure: the cluster port on {0} has no TLS; anyone who reaches it can join the cluster", options.Hostname));
        }
        return builder;
    }
}
