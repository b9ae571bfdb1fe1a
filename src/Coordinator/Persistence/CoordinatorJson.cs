using System.Text.Json;
using System.Text.Json.Serialization;
using Hpo.Coordinator.Search.State;

namespace Hpo.Coordinator.Persistence;

/// <summary>
/// The JSON shape of the coordinator's journal and messages: snake_case names, enums by name, NaN and
/// infinities as named literals (a diverged epoch), configurations keeping each value's kind. Manifests are
/// short and stable: they name an event or a message, never a CLR type, so a type may move or be renamed.
/// </summary>
public static class CoordinatorJson
{
    private static readonly List<(Type Type, string Manifest)> Table =
    [
        // The shell's own journal events.
        (typeof(SweepCreated), "sc"),
        (typeof(SweepRegistered), "sr"),
        (typeof(TrialIssuesReported), "ti"),
        // The search core's sweep events.
        (typeof(SweepStarted), "ss"),
        (typeof(TrialSampled), "ts"),
        (typeof(RungStarted), "rs"),
        (typeof(EpochReported), "er"),
        (typeof(TrialPaused), "tp"),
        (typeof(TrialPromoted), "tpr"),
        (typeof(TrialStopped), "tst"),
        (typeof(TrialCompleted), "tc"),
        (typeof(Search.State.TrialFailed), "tf"),
        (typeof(TrialDiverged), "td"),
        (typeof(SamplerExhausted), "se"),
        (typeof(SweepFinished), "sf"),
    ];

    private static readonly Dictionary<Type, string> ManifestByType = Table.ToDictionary(m => m.Type, m => m.Manifest);
    private static readonly Dictionary<string, Type> TypeByManifest = Table.ToDictionary(m => m.Manifest, m => m.Type);

    /// <summary>Every type the coordinator serializer writes, with its manifest.</summary>
    public static IReadOnlyDictionary<Type, string> Manifests => ManifestByType;

    public static JsonSerializerOptions Options { get; } = Create();

    public static string ManifestOf(Type type) =>
        ManifestByType.TryGetValue(type, out var manifest)
            ? manifest
            : throw new ArgumentException($"{type.FullName} has no manifest in the coordinator's serializer");

    public static Type TypeOf(string manifest) =>
        TypeByManifest.TryGetValue(manifest, out var type)
            ? type
            : throw new System.Runtime.Serialization.SerializationException($"unknown coordinator manifest '{manifest}'");

    public static byte[] Serialize(object value) => JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Options);

    public static object Deserialize(ReadOnlySpan<byte> bytes, string manifest) =>
        JsonSerializer.Deserialize(bytes, TypeOf(manifest), Options)
        ?? throw new System.Runtime.Serialization.SerializationException($"an empty '{manifest}' entry");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectNullableAnnotations = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new ParamValueConverter());
        options.Converters.Add(new TrialConfigConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
