using System.Diagnostics.CodeAnalysis;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// One key of a section: its name, the reader that parses and validates its value, and the setter
/// that puts the value into the section's target (an options record or a draft of one). A sweep
/// reads the same key table, validating each choice of a search space with the reader and applying
/// every sampled value with the setter.
/// </summary>
public interface ISpecKey<TTarget>
{
    string Name { get; }
    ISpecValueReader Reader { get; }

    /// <summary>Checks a value with the reader and sets it; throws <see cref="ArgumentException"/> when the reader refuses it.</summary>
    TTarget Apply(TTarget target, object? value);

    /// <summary>Validates a plain value (e.g. sampled) with the reader, then sets it.</summary>
    bool TryApply(TTarget target, object? value, [MaybeNullWhen(false)] out TTarget result, [NotNullWhen(false)] out string? error);
}
