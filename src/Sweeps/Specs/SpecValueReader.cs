using System.Diagnostics.CodeAnalysis;

namespace Hpo.Sweeps.Specs;

/// <summary>Reads and validates one key's value: from a document node, or from a plain (sampled) value.</summary>
public abstract class SpecValueReader<T> : ISpecValueReader
{
    public abstract SpecValueKind Kind { get; }
    public abstract string Expected { get; }

    public abstract bool TryRead(SpecNode node, string path, SpecContext context, [MaybeNullWhen(false)] out T value);

    /// <summary>Accepts a T that passes <see cref="Check"/>; readers of numbers also convert other numeric types.</summary>
    public virtual bool TryAccept(object? value, [MaybeNullWhen(false)] out T result, [NotNullWhen(false)] out string? error)
    {
        if (value is T typed)
        {
            error = Check(typed);
            if (error is null)
            {
                result = typed;
                return true;
            }
        }
        else
        {
            error = $"must be {Expected} (got {SpecScalars.Show(value)})";
        }
        result = default;
        return false;
    }

    /// <summary>A constraint beyond the type; null when the value is fine.</summary>
    protected virtual string? Check(T value) => null;

    protected static bool Fail(SpecNode node, string path, SpecContext context, string message, [MaybeNullWhen(false)] out T value)
    {
        context.Error(path, node, message);
        value = default;
        return false;
    }

    protected bool FailType(SpecNode node, string path, SpecContext context, [MaybeNullWhen(false)] out T value) =>
        Fail(node, path, context, $"must be {Expected} (got {node.Describe()})", out value);

    bool ISpecValueReader.TryReadValue(SpecNode node, string path, SpecContext context, out object? value)
    {
        var ok = TryRead(node, path, context, out var typed);
        value = typed;
        return ok;
    }

    bool ISpecValueReader.TryAcceptValue(object? value, out object? result, [NotNullWhen(false)] out string? error)
    {
        var ok = TryAccept(value, out var typed, out error);
        result = typed;
        return ok;
    }
}
