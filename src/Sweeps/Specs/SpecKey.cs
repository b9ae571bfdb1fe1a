using System.Diagnostics.CodeAnalysis;

namespace Hpo.Sweeps.Specs;

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
