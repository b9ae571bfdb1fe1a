using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hpo.Coordinator.Specs;

/// <summary>
/// Reads one YAML document (JSON is YAML, so JSON too) into a <see cref="SpecNode"/> tree that keeps
/// positions. Syntax errors, duplicate keys and non-scalar keys become a <see cref="SpecException"/>
/// naming the line.
/// </summary>
public static partial class SpecYamlReader
{
    private const int MaxDepth = 64;
    private const string StringTag = "tag:yaml.org,2002:str";

    /// <summary>The document's root node; null for a document with no content (empty, or comments only).</summary>
    public static SpecNode? Read(string text, string sourceName)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            throw new SpecException(sourceName, new SpecError("", (int)e.Start.Line, (int)e.Start.Column, SyntaxMessage(e)));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // YamlDotNet occasionally fails without a YamlException (e.g. on an unclosed flow
            // collection); the scanner's position is where it gave up.
            var at = scanner.CurrentPosition;
            throw new SpecException(sourceName, new SpecError("", (int)at.Line, (int)at.Column,
                "YAML syntax error: malformed document (is a bracket, brace or quote left open?)"));
        }

        if (stream.Documents.Count == 0) return null;
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw new SpecException(sourceName, new SpecError("", (int)second.Start.Line, (int)second.Start.Column,
                "holds more than one YAML document; a spec is one document"));
        }

        var errors = new SpecErrorList();
        var root = Convert(stream.Documents[0].RootNode, "", 0, errors);
        errors.ThrowIfAny(sourceName);
        return root;
    }

    private static SpecNode Convert(YamlNode node, string path, int depth, SpecErrorList errors)
    {
        int line = (int)node.Start.Line, column = (int)node.Start.Column;
        if (depth > MaxDepth)
        {
            errors.Add(new SpecError(path, line, column, $"nested more than {MaxDepth} levels deep"));
            return new SpecScalar("", false, line, column);
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted
                                 or ScalarStyle.Literal or ScalarStyle.Folded
                             || node.Tag.ToString() == StringTag;
                return new SpecScalar(scalar.Value ?? "", quoted, line, column);

            case YamlSequenceNode sequence:
                var items = new List<SpecNode>(sequence.Children.Count);
                for (int i = 0; i < sequence.Children.Count; i++)
                    items.Add(Convert(sequence.Children[i], SpecPath.Index(path, i), depth + 1, errors));
                return new SpecSequence(items, line, column);

            case YamlMappingNode mapping:
                var entries = new List<SpecEntry>(mapping.Children.Count);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (k, v) in mapping.Children)
                {
                    if (k is not YamlScalarNode keyScalar)
                    {
                        errors.Add(new SpecError(path, (int)k.Start.Line, (int)k.Start.Column,
                            "a key must be a plain name, not a list or a mapping"));
                        continue;
                    }
                    var key = new SpecScalar(keyScalar.Value ?? "", true, (int)k.Start.Line, (int)k.Start.Column);
                    var keyPath = SpecPath.Join(path, key.Value);
                    if (!seen.Add(key.Value))
                    {
                        errors.Add(new SpecError(keyPath, key.Line, key.Column, "duplicate key"));
                        continue;
                    }
                    entries.Add(new SpecEntry(key, Convert(v, keyPath, depth + 1, errors)));
                }
                return new SpecMapping(entries, line, column);

            default:
                errors.Add(new SpecError(path, line, column, $"unsupported YAML node ({node.NodeType})"));
                return new SpecScalar("", false, line, column);
        }
    }

    /// <summary>YamlDotNet prefixes its messages with the marks; the line is shown by our own format.</summary>
    private static string SyntaxMessage(YamlException e)
    {
        var message = MarkPrefix().Replace(e.Message, "").Trim();
        if (message.StartsWith("Duplicate key", StringComparison.OrdinalIgnoreCase)) return "duplicate key";
        if (message.Length == 0) message = "malformed document";
        return $"YAML syntax error: {char.ToLowerInvariant(message[0])}{message[1..]}";
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}
