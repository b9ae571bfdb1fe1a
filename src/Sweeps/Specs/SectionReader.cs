using System.Diagnostics.CodeAnalysis;

namespace Hpo.Sweeps.Specs;

/// <summary>A value written as a mapping of its own keys (a schedule, early stopping, transfer), read through a key table.</summary>
public sealed class SectionReader<T>(SpecTable<T> table, Func<T> seed) : SpecValueReader<T>
{
    public SpecTable<T> Table { get; } = table;
    public override SpecValueKind Kind => SpecValueKind.Structured;
    public override string Expected => $"a mapping of {Table.Section} keys ({string.Join(", ", Table.Names)})";

    public override bool TryRead(SpecNode node, string path, SpecContext context, [MaybeNullWhen(false)] out T value)
    {
        if (node is not SpecMapping) return FailType(node, path, context, out value);
        var before = context.Errors.Count;
        value = Table.ReadFixed(node, path, seed(), context);
        return context.Errors.Count == before;
    }
}
