using System.Diagnostics.CodeAnalysis;

namespace Hpo.Sweeps.Specs;

/// <summary>The inner reader's value, or null (written <c>null</c>, <c>~</c> or nothing).</summary>
public sealed class OptionalReader<T>(SpecValueReader<T> inner) : SpecValueReader<T?> where T : struct
{
    public SpecValueReader<T> Inner { get; } = inner;
    public override SpecValueKind Kind => Inner.Kind;
    public override string Expected => $"{Inner.Expected} or null";

    public override bool TryRead(SpecNode node, string path, SpecContext context, out T? value)
    {
        value = null;
        if (SpecScalars.IsNull(node)) return true;
        if (!Inner.TryRead(node, path, context, out var v)) return false;
        value = v;
        return true;
    }

    public override bool TryAccept(object? value, out T? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        error = null;
        if (value is null) return true;
        if (!Inner.TryAccept(value, out var v, out error)) return false;
        result = v;
        return true;
    }
}
