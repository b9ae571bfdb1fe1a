using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Hpo.Engine.Training;

namespace Hpo.Protocol.Serialization;

/// <summary>
/// The JSON shape of the protocol: camelCase names, enums by name, NaN and infinities as named literals (a
/// diverged epoch's loss), nulls left out. Manifests are short and stable: they name a message, never a CLR type.
/// </summary>
public static class ProtocolJson
{
    private static readonly (Type Type, string Manifest)[] Messages =
    [
        (typeof(TrainTrial), "tt"),
        (typeof(ReleaseTrial), "rt"),
        (typeof(EpochReport), "er"),
        (typeof(RungCompleted), "rc"),
        (typeof(TrainingFailed), "tf"),
        (typeof(NodeCapacity), "nc"),
        (typeof(EvaluateTrial), "et"),
        (typeof(TrialEvaluated), "te"),
        (typeof(FetchModel), "fm"),
        (typeof(ModelPart), "mp"),
        (typeof(ModelMissing), "mm"),
        (typeof(RefitTrial), "rf"),
        (typeof(TrialRefitted), "tr"),
        (typeof(FetchDatasetChunk), "fdc"),
        (typeof(DatasetChunk), "dc"),
        (typeof(DatasetMissing), "dm"),
    ];

    private static readonly Dictionary<Type, string> ManifestByType = Messages.ToDictionary(m => m.Type, m => m.Manifest);
    private static readonly Dictionary<string, Type> TypeByManifest = Messages.ToDictionary(m => m.Manifest, m => m.Type);

    /// <summary>Every message type with its manifest.</summary>
    public static IReadOnlyDictionary<Type, string> Manifests => ManifestByType;

    public static string ManifestOf(Type type) =>
        ManifestByType.TryGetValue(type, out var manifest)
            ? manifest
            : throw new ArgumentException($"{type.FullName} is not a message of the Hpo protocol (no manifest)");

    public static Type TypeOf(string manifest) =>
        TypeByManifest.TryGetValue(manifest, out var type)
            ? type
            : throw new System.Runtime.Serialization.SerializationException($"unknown Hpo protocol manifest '{manifest}'");

    /// <summary>Options without actor references (plans, reports): for anything that is not sent through Akka.</summary>
    public static JsonSerializerOptions Plain { get; } = Create(null);

    /// <summary>Options that write actor references as serialized actor paths and resolve them in <paramref name="system"/>.</summary>
    public static JsonSerializerOptions Create(ExtendedActorSystem? system)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            RespectNullableAnnotations = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        if (system is not null) options.Converters.Add(new ActorRefConverter(system));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>A plan's canonical text: two plans train the same trial when their keys are equal.</summary>
    public static string PlanKey(TrialPlan plan) => JsonSerializer.Serialize(plan, Plain);

    private sealed class ActorRefConverter(ExtendedActorSystem system) : JsonConverter<IActorRef>
    {
        public override bool CanConvert(Type typeToConvert) => typeof(IActorRef).IsAssignableFrom(typeToConvert);

        public override IActorRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var path = reader.GetString();
            return string.IsNullOrEmpty(path) ? ActorRefs.Nobody : system.Provider.ResolveActorRef(path);
        }

        public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Akka.Serialization.Serialization.SerializedActorPath(value));
    }
}
