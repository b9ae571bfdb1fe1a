using System.Text.Json;
using System.Text.Json.Serialization;
using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Journal;

/// <summary>
/// The JSON shape of the coordinator's journal and messages: snake_case names, enums by name, NaN and
/// infinities as named literals (a diverged epoch), configurations keeping each value's kind. Manifests are
/// short and stable: they name an event or a message, never a CLR type, so a type may move or be renamed.
/// </summary>
public static class JournalJson
{
    private static readonly List<(Type Type, string Manifest)> Table =
    [
        // The shell's own journal events.
        (typeof(SweepCreated), "sc"),
        (typeof(SweepRegistered), "sr"),
        (typeof(TrialIssuesReported), "ti"),
        (typeof(SweepEventBatch), "eb"),
        (typeof(SamplerCheckpointed), "sp"),
        (typeof(BestTrialTested), "bt"),
        (typeof(BestTrialRefitted), "br"),
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
        (typeof(SweepResumed), "rr"),
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

    /// <summary>An enum value as the journal and the API spell it (snake_case, or its declared name).</summary>
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => JsonSerializer.Serialize(value, Options).Trim('"');

    public static byte[] Serialize(object value) => value is SweepEventBatch batch
        ? SerializeBatch(batch)
        : JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Options);

    public static object Deserialize(ReadOnlySpan<byte> bytes, string manifest) =>
        manifest == BatchManifest
            ? DeserializeBatch(bytes)
            : JsonSerializer.Deserialize(bytes, TypeOf(manifest), Options)
              ?? throw new System.Runtime.Serialization.SerializationException($"an empty '{manifest}' entry");

    private const string BatchManifest = "eb";

    /// <summary>A batch: <c>{"events":[{"m":"er","e":{...}}, ...]}</c>, each event under its own manifest.</summary>
    private static byte[] SerializeBatch(SweepEventBatch batch)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256 * Math.Max(1, batch.Events.Count));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("events");
            foreach (var e in batch.Events)
            {
                var type = e.GetType();
                if (type == typeof(SweepEventBatch)) throw new ArgumentException("a batch of events cannot hold a batch");
                writer.WriteStartObject();
                writer.WriteString("m", ManifestOf(type));
                writer.WritePropertyName("e");
                JsonSerializer.Serialize(writer, e, type, Options);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            if (batch.At is { } at) writer.WriteString("at", at);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static SweepEventBatch DeserializeBatch(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes);
        var events = new List<object>();
        Expect(ref reader, JsonTokenType.StartObject);
        Expect(ref reader, JsonTokenType.PropertyName);
        if (!reader.ValueTextEquals("events")) throw Malformed("no events");
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            Expect(ref reader, JsonTokenType.PropertyName);
            if (!reader.ValueTextEquals("m")) throw Malformed("an event without its manifest");
            Expect(ref reader, JsonTokenType.String);
            var manifest = reader.GetString()!;
            if (manifest == BatchManifest) throw Malformed("a batch inside a batch");
            Expect(ref reader, JsonTokenType.PropertyName);
            if (!reader.ValueTextEquals("e")) throw Malformed("an event without its body");
            reader.Read();
            events.Add(JsonSerializer.Deserialize(ref reader, TypeOf(manifest), Options)
                       ?? throw Malformed($"an empty '{manifest}' event"));
            Expect(ref reader, JsonTokenType.EndObject);
        }
        if (reader.TokenType != JsonTokenType.EndArray) throw Malformed("an unterminated list of events");
        DateTimeOffset? at = null;
        if (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("at"))
        {
            Expect(ref reader, JsonTokenType.String);
            at = reader.TryGetDateTimeOffset(out var written) ? written : throw Malformed("a time that is not one");
        }
        return new SweepEventBatch(events, at);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (!reader.Read() || reader.TokenType != token) throw Malformed($"expected {token}");
    }

    private static System.Runtime.Serialization.SerializationException Malformed(string why) =>
        new($"a malformed batch of sweep events: {why}");

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
