using Akka.Actor;
using Akka.Serialization;
using Hpo.Sweeps.Journal;

namespace Hpo.Coordinator.Persistence;

/// <summary>
/// The coordinator's serializer: System.Text.Json with the short manifests of <see cref="JournalJson"/>,
/// bound to the sweep events and the shell's journal events, so the journal never holds CLR type names.
/// </summary>
public sealed class CoordinatorSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>The serializer id (stable: it is written with every journal row).</summary>
    public const int Id = 6048;

    public const string Name = "hpo-coordinator";

    public override int Identifier => Id;

    public override string Manifest(object o) => JournalJson.ManifestOf(o.GetType());

    public override byte[] ToBinary(object obj) => JournalJson.Serialize(obj);

    public override object FromBinary(byte[] bytes, string manifest) => JournalJson.Deserialize(bytes, manifest);
}
