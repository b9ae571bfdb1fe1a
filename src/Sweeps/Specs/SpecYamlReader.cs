using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// Reads one YAML document (JSON is YAML, so JSON too) into a <see cref="SpecNode"/> tree that keeps
/// positions. Syntax errors, duplicate keys, non-scalar keys, nesting deeper than <see cref="SpecLimits.MaxDepth"/>
/// and aliases expanding past <see cref="SpecLimits.MaxNodes"/> become a <see cref="SpecException"/> naming the line.
/// A spec over <see cref="SpecLimits.MaxSpecBytes"/> is refused before it is parsed.
/// </summary>
public static partial class SpecYamlReader
{
    /// <summary>The document's root node; null for a document with no content (empty, or comments only).</summary>
    public static SpecNode? Read(string text, string sourceName)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(text);
        if (bytes > SpecLimits.MaxSpecBytes) throw TooLarge(sourceName, bytes);

        var scanner = new Scanner(new StringReader(text), skipComments: true);
        try
        {
            return new SpecTreeBuilder(new Parser(scanner)).Build(sourceName);
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
    }

    /// <summary>The one error of a spec over <see cref="SpecLimits.MaxSpecBytes"/>.</summary>
    public static SpecException TooLarge(string sourceName, long bytes) =>
        new(sourceName, new SpecError("", 0, 0,
            $"the spec is {bytes:N0} bytes; a spec may be at most {SpecLimits.MaxSpecBytes:N0} bytes (1 MiB)"));

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
