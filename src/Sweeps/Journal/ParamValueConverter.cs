using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Journal;

/// <summary>
/// A sampled value in JSON, keeping its kind: null, true/false, a string (a choice's name), an integer (no
/// fraction or exponent) or a float (always written with a fraction or an exponent, so 1.0 stays a float).
/// </summary>
public sealed class ParamValueConverter : JsonConverter<ParamValue>
{
    public override bool HandleNull => true;

    public override ParamValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return ParamValue.Null;
            case JsonTokenType.True: return ParamValue.Of(true);
            case JsonTokenType.False: return ParamValue.Of(false);
            case JsonTokenType.String: return ParamValue.Of(reader.GetString()!);
            case JsonTokenType.Number:
                {
                    var raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
                    bool isFloat = raw.AsSpan().IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0;
                    return isFloat ? ParamValue.Of(reader.GetDouble()) : ParamValue.Of(reader.GetInt64());
                }
            default:
                throw new JsonException($"a sampled value must be null, a bool, a number or a string (got {reader.TokenType})");
        }
    }

    public override void Write(Utf8JsonWriter writer, ParamValue value, JsonSerializerOptions options)
    {
        switch (value.Kind)
        {
            case ParamKind.Null: writer.WriteNullValue(); break;
            case ParamKind.Bool: writer.WriteBooleanValue(value.AsBool); break;
            case ParamKind.Int: writer.WriteNumberValue(value.AsInt); break;
            case ParamKind.Text: writer.WriteStringValue(value.Text); break;
            default:
                if (!double.IsFinite(value.Number))
                {
                    writer.WriteStringValue(value.Number.ToString(CultureInfo.InvariantCulture));
                    break;
                }
                var text = value.Number.ToString("R", CultureInfo.InvariantCulture);
                if (text.IndexOfAny(['.', 'E', 'e']) < 0) text += ".0";
                writer.WriteRawValue(text, skipInputValidation: true);
                break;
        }
    }
}
