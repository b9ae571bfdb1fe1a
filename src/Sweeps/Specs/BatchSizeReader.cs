using System.Diagnostics.CodeAnalysis;

namespace Hpo.Sweeps.Specs;

/// <summary><c>training.batch_size</c>: an integer &gt;= 1, or <c>full</c> (the whole training split, stored as 0).</summary>
public sealed class BatchSizeReader : SpecValueReader<int>
{
    public const string Full = "full";
    private static readonly IntegerReader Size = SpecValues.PositiveInteger;

    public override SpecValueKind Kind => SpecValueKind.Integer;
    public override string Expected => "an integer >= 1 or full";

    public override bool TryRead(SpecNode node, string path, SpecContext context, out int value)
    {
        if (node is SpecScalar { Value: Full })
        {
            value = 0;
            return true;
        }
        if (!SpecScalars.TryNumber(node, out _)) return FailType(node, path, context, out value);
        return Size.TryRead(node, path, context, out value);
    }

    public override bool TryAccept(object? value, out int result, [NotNullWhen(false)] out string? error)
    {
        if (value is Full or 0)
        {
            (result, error) = (0, null);
            return true;
        }
        return Size.TryAccept(value, out result, out error);
    }
}
