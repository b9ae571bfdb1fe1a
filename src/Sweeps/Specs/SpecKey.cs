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

public sealed class SpecKey<TTarget, TValue>(string name, SpecValueReader<TValue> reader, Func<TTarget, TValue, TTarget> set)
    : ISpecKey<TTarget>
{
    public string Name { get; } = name;
    public SpecValueReader<TValue> TypedReader { get; } = reader;
    public ISpecValueReader Reader => TypedReader;

    public TTarget Apply(TTarget target, object? value) =>
        TryApply(target, value, out var result, out var error)
            ? result
            : throw new ArgumentException($"{Name}: {error}", nameof(value));

    public bool TryApply(TTarget target, object? value, [MaybeNullWhen(false)] out TTarget result, [NotNullWhen(false)] out string? error)
    {
        if (TypedReader.TryAccept(value, out var accepted, out error))
        {
            result = set(target, accepted);
            return true;
        }
        result = default;
        return false;
    }
}

/// <summary>Shorthand for building key tables.</summary>
public static class SpecKey
{
    public static SpecKey<TTarget, TValue> Of<TTarget, TValue>(string name, SpecValueReader<TValue> reader, Func<TTarget, TValue, TTarget> set) =>
        new(name, reader, set);
}
