using System.Diagnostics.CodeAnalysis;

namespace Hpo.Sweeps.Specs;

/// <summary>The untyped face of a value reader, for key tables holding keys of different value types.</summary>
public interface ISpecValueReader
{
    SpecValueKind Kind { get; }

    /// <summary>What the value must be, for messages: "a number &gt; 0", "one of sgd, adam".</summary>
    string Expected { get; }

    /// <summary>Reads a document node; on failure the errors (with path and line) go to the context.</summary>
    bool TryReadValue(SpecNode node, string path, SpecContext context, out object? value);

    /// <summary>Checks and converts a value that did not come from a document, e.g. one sampled from a search space.</summary>
    bool TryAcceptValue(object? value, out object? result, [NotNullWhen(false)] out string? error);
}
