using System.Diagnostics.CodeAnalysis;

namespace Hpo.Sweeps.Specs;

/// <summary>An integer (written without a fraction, or with a zero one) within bounds.</summary>
public sealed class IntegerReader(NumberBounds bounds) : SpecValueReader<int>
{
    public NumberBounds Bounds { get; } = bounds;
    public override SpecValueKind Kind => SpecValueKind.Integer;
    public override string Expected => Bounds.Describe() is { Length: > 0 } b ? $"an integer {b}" : "an integer";

    public override bool TryRead(SpecNode node, string path, SpecContext context, out int value)
    {
        if (!SpecScalars.TryNumber(node, out var d) || !IsInt(d)) return FailType(node, path, context, out value);
        value = (int)d;
        if (!Bounds.Contains(value)) return Fail(node, path, context, $"must be {Bounds.Describe()} (got {node.Describe()})", out value);
        return true;
    }

    public override bool TryAccept(object? value, out int result, [NotNullWhen(false)] out string? error)
    {
        object? i = value switch
        {
            int x => x,
            long x when x is >= int.MinValue and <= int.MaxValue => (int)x,
            double x when IsInt(x) => (int)x,
            _ => value,
        };
        return base.TryAccept(i, out result, out error);
    }

    protected override string? Check(int value) =>
        Bounds.Contains(value) ? null : $"must be {Expected} (got {value})";

    private static bool IsInt(double d) => d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue;
}
