using System.Diagnostics.CodeAnalysis;

namespace Hpo.Sweeps.Specs;

/// <summary>Reads <see cref="UnitsValue"/>: an integer in [1, <see cref="ModelBounds.MaxUnits"/>], or a list of them. An integer search space fits it.</summary>
public sealed class UnitsReader : SpecValueReader<UnitsValue>
{
    private static readonly IntegerReader Width = ModelBounds.Width;
    private static readonly ListReader<int> Widths = new(Width);

    public override SpecValueKind Kind => SpecValueKind.Integer;
    public override string Expected => $"an integer {Width.Bounds.Describe()} or a list of them (one per hidden layer)";

    public override bool TryRead(SpecNode node, string path, SpecContext context, [MaybeNullWhen(false)] out UnitsValue value)
    {
        value = null;
        if (node is SpecSequence)
        {
            if (!Widths.TryRead(node, path, context, out var list)) return false;
            value = UnitsValue.PerLayer(list);
            return true;
        }
        if (!SpecScalars.TryNumber(node, out _)) return FailType(node, path, context, out value);
        if (!Width.TryRead(node, path, context, out var w)) return false;
        value = UnitsValue.Each(w);
        return true;
    }

    public override bool TryAccept(object? value, [MaybeNullWhen(false)] out UnitsValue result, [NotNullWhen(false)] out string? error)
    {
        if (value is UnitsValue or null) return base.TryAccept(value, out result, out error);
        if (Width.TryAccept(value, out var w, out error))
        {
            result = UnitsValue.Each(w);
            return true;
        }
        if (value is not string && value is System.Collections.IEnumerable && Widths.TryAccept(value, out var list, out error))
        {
            result = UnitsValue.PerLayer(list);
            return true;
        }
        result = null;
        return false;
    }
}
