using System.Text.Json;
using System.Text.Json.Serialization;
using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Journal;

/// <summary>A configuration as a JSON object of key path to value, in path order.</summary>
public sealed class TrialConfigConverter : JsonConverter<TrialConfig>
{
    private static readonly ParamValueConverter Values = new();

    public override TrialConfig Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("a configuration must be an object");
        var values = new List<KeyValuePair<string, ParamValue>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var path = reader.GetString()!;
            reader.Read();
            values.Add(new(path, Values.Read(ref reader, typeof(ParamValue), options)));
        }
        return values.Count == 0 ? TrialConfig.Empty : new TrialConfig(values);
    }

    public override void Write(Utf8JsonWriter writer, TrialConfig value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (path, v) in value.Values)
        {
            writer.WritePropertyName(path);
            Values.Write(writer, v, options);
        }
        writer.WriteEndObject();
    }
}
