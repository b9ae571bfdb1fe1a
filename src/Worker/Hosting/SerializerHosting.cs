using Akka.Hosting;
using Hpo.Protocol;
using Hpo.Protocol.Serialization;

namespace Hpo.Worker.Hosting;

public static partial class HpoHosting
{
    /// <summary>Binds <see cref="ProtocolSerializer"/> to every <see cref="IProtocolMessage"/>.</summary>
    public static AkkaConfigurationBuilder WithHpoSerializer(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer(ProtocolSerializer.Name, [typeof(IProtocolMessage)], system => new ProtocolSerializer(system));
}
