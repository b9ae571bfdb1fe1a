using System.Diagnostics.Metrics;
using System.Globalization;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Event;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Hpo.Node.Telemetry;
using Hpo.Protocol;
using Hpo.Protocol.Serialization;
using Microsoft.Extensions.Options;

namespace Hpo.Node.Hosting;

/// <summary>How every Hpo node builds its actor system: remoting (over mutual TLS), clustering and the protocol serializer.</summary>
public static class NodeHosting
{
    /// <summary>
    /// Remoting on the configured address, clustering with <paramref name="roles"/>, the split-brain resolver
    /// (keep-majority or keep-oldest, with the configured stable-after), distributed pub-sub on every node and the
    /// protocol serializer. With no seeds the node joins itself, founding a cluster.
    /// </summary>
    public static AkkaConfigurationBuilder WithHpoCluster(this AkkaConfigurationBuilder builder, HpoClusterOptions options,
        params string[] roles)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new OptionsValidationException(nameof(HpoClusterOptions), typeof(HpoClusterOptions), errors);
        if (roles.Length == 0) throw new ArgumentException("a cluster member needs at least one role", nameof(roles));
        SplitBrainResolverOption resolver = options.SplitBrainStrategy == SplitBrainStrategy.KeepOldest
            ? new KeepOldestOption { DownIfAlone = true }
            : new KeepMajorityOption();
        builder
            .WithHpoRemoting(options)
            .WithClustering(new ClusterOptions
            {
                Roles = roles,
                SeedNodes = options.Seeds.Count > 0 ? ClusterTls.SeedAddresses(options) : null,
                SplitBrainResolver = resolver,
            })
            .AddHocon(string.Create(CultureInfo.InvariantCulture,
                $"akka.cluster.split-brain-resolver.stable-after = {(long)options.StableAfter.TotalMilliseconds}ms"), HoconAddMode.Prepend)
            .WithDistributedPubSub(string.Empty)
            .WithHpoSerializer()
            .WithActors((system, _, resolver) =>
            {
                var members = new ClusterMetrics(system, resolver.GetService<IMeterFactory>());
                system.RegisterOnTermination(members.Dispose);
            });
        if (options.Seeds.Count == 0)
        {
            builder.AddStartup((system, _) =>
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        }
        return builder;
    }

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

    /// <summary>Binds <see cref="ProtocolSerializer"/> to every <see cref="IProtocolMessage"/>.</summary>
    public static AkkaConfigurationBuilder WithHpoSerializer(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer(ProtocolSerializer.Name, [typeof(IProtocolMessage)], system => new ProtocolSerializer(system));
}
