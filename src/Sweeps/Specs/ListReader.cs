using System.Diagnostics.CodeAnalysis;

namespace Hpo.Sweeps.Specs;

/// <summary>A list whose items all pass the item reader; errors name each bad item (<c>model.units[1]</c>).</summary>
public sealed class ListReader<T>(SpecValueReader<T> item, int minCount = 0) : SpecValueReader<IReadOnlyList<T>>
{
    public SpecValueReader<T> Item { get; } = item;
    public int MinCount { get; } = minCount;
    public override SpecValueKind Kind => SpecValueKind.Structured;
    public override string Expected => MinCount > 0 ? $"a non-empty list of {Item.Expected}s" : $"a list of {Item.Expected}s";

    public override bool TryRead(SpecNode node, string path, SpecContext context, [MaybeNullWhen(false)] out IReadOnlyList<T> value)
    {
        if (node is not SpecSequence seq) return FailType(node, path, context, out value);
        if (seq.Items.Count < MinCount) return Fail(node, path, context, $"must list at least {MinCount} item{(MinCount == 1 ? "" : "s")}", out value);
        var items = new List<T>(seq.Items.Count);
        var ok = true;
        for (int i = 0; i < seq.Items.Count; i++)
        {
            if (Item.TryRead(seq.Items[i], SpecPath.Index(path, i), context, out var v)) items.Add(v);
            else ok = false;
        }
        value = items;
        return ok;
    }

    public override bool TryAccept(object? value, [MaybeNullWhen(false)] out IReadOnlyList<T> result, [NotNullWhen(false)] out string? error)
    {
        if (value is System.Collections.IEnumerable list and not string)
        {
            var items = new List<T>();
            int i = 0;
            foreach (var o in list)
            {
                if (!Item.TryAccept(o, out var v, out var itemError))
                {
                    (result, error) = (default, $"item {i}: {itemError}");
                    return false;
                }
                items.Add(v);
                i++;
            }
            if (items.Count < MinCount)
            {
                (result, error) = (default, $"must list at least {MinCount} items");
                return false;
            }
            (result, error) = (items, null);
            return true;
        }
        return base.TryAccept(value, out result, out error);
    }
}
