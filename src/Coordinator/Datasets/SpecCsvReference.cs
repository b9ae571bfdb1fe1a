using Hpo.Engine.Data;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Datasets;

/// <summary>
/// The <c>data.csv</c> of a sweep spec's text as a local file, and the same text naming an uploaded dataset instead:
/// how <c>hpo submit</c> sends a spec whose CSV only the client has. Only the value's characters change, so the
/// journaled spec reads as the user wrote it, comments and all.
/// </summary>
public sealed class SpecCsvReference
{
    private readonly string _text;
    private readonly SpecScalar _value;

    private SpecCsvReference(string text, SweepSpec spec, SpecScalar value)
    {
        _text = text;
        _value = value;
        Spec = spec;
        File = spec.Data.Csv!;
    }

    /// <summary>The parsed spec.</summary>
    public SweepSpec Spec { get; }

    /// <summary>The CSV file, its path resolved against the spec's directory.</summary>
    public string File { get; }

    /// <summary>
    /// The spec's local CSV file, or null when the spec reads none (a built-in dataset, a generator, a dataset id) or does
    /// not parse (the coordinator then reports its errors as for any spec).
    /// </summary>
    public static SpecCsvReference? Find(string text, string sourceName, string baseDirectory)
    {
        SweepSpec spec;
        try
        {
            spec = SweepSpecParser.Parse(text, sourceName, baseDirectory);
        }
        catch (SpecException)
        {
            return null;
        }
        if (spec.Data.Csv is null || DataSection.Uploaded(spec.Data) is not null) return null;
        var root = SpecYamlReader.Read(text, sourceName) as SpecMapping;
        return (root?.Find(DataSection.Path)?.Value as SpecMapping)?.Find("csv")?.Value is SpecScalar value
            ? new SpecCsvReference(text, spec, value)
            : null;
    }

    /// <summary>The spec's text with <c>data.csv</c> naming <paramref name="id"/> (quoted, which YAML and JSON both read).</summary>
    /// <exception cref="InvalidOperationException">The value's characters cannot be told apart in the text (a plain value over several lines).</exception>
    public string NamingUploaded(DatasetId id)
    {
        int start = Offset(_text, _value.Line, _value.Column);
        int length = TokenLength(_text, start, _value);
        var rewritten = string.Concat(_text.AsSpan(0, start), $"\"{id}\"", _text.AsSpan(start + length));
        // The one check that matters: read back, the spec names the dataset and nothing else moved.
        var back = SweepSpecParser.Parse(rewritten, Spec.SourceName);
        if (back.Data != Spec.Data with { Csv = id.ToString() })
            throw new InvalidOperationException($"{Spec.SourceName}: data.csv could not be rewritten to {id}");
        return rewritten;
    }

    /// <summary>The index of a 1-based line and column.</summary>
    private static int Offset(string text, int line, int column)
    {
        int index = 0;
        for (int l = 1; l < line; l++)
        {
            index = text.IndexOf('\n', index);
            if (index < 0) throw new InvalidOperationException($"line {line} is past the end of the spec");
            index++;
        }
        return index + column - 1;
    }

    private static int TokenLength(string text, int start, SpecScalar value)
    {
        char first = start < text.Length ? text[start] : '\0';
        if (first is '"' or '\'')
        {
            for (int i = start + 1; i < text.Length; i++)
            {
                if (first == '"' && text[i] == '\\') i++;
                else if (text[i] == first && first == '\'' && i + 1 < text.Length && text[i + 1] == '\'') i++;
                else if (text[i] == first) return i - start + 1;
            }
        }
        else if (text.AsSpan(start).StartsWith(value.Value, StringComparison.Ordinal))
        {
            return value.Value.Length;
        }
        throw new InvalidOperationException($"data.csv at line {value.Line}: write the path on one line (quoted if need be) to have it uploaded");
    }
}
