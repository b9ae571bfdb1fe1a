using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace Hpo.Protocol.Serialization;

/// <summary>
/// The protocol's serializer: System.Text.Json with the short manifests of <see cref="ProtocolJson"/>, bound to
/// <see cref="IProtocolMessage"/> (see <c>NodeHosting.WithHpoSerializer</c>) so that Akka never falls back to a
/// format that writes CLR type names.
/// </summary>
public sealed class ProtocolSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer id (stable: it is written with every remote message).</summary>
    public const int Id = 6047;

    /// <summary>The name the serializer is configured under.</summary>
    public const string Name = "hpo-protocol";

    private readonly JsonSerializerOptions _options;

    public ProtocolSerializer(ExtendedActorSystem system) : base(system)
    {
        _options = ProtocolJson.Create(system);
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => ProtocolJson.ManifestOf(o.GetType());

    public override byte[] ToBinary(object obj)
    {
        if (obj is not IProtocolMessage) throw new ArgumentException($"{obj.GetType().FullName} is not a protocol message");
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _options);
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        JsonSerializer.Deserialize(bytes, ProtocolJson.TypeOf(manifest), _options)
        ?? throw new System.Runtime.Serialization.SerializationException($"an empty '{manifest}' message");
}
