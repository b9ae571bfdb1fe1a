using System.Diagnostics.CodeAnalysis;

namespace Hpo.Sweeps.Specs;

/// <summary>A real number within bounds.</summary>
public sealed class NumberReader(NumberBounds bounds) : SpecValueReader<double>
{
    public NumberBounds Bounds { get; } = bounds;
    public override SpecValueKind Kind => SpecValueKind.Number;
    public override string Expected => Bounds.Describe() is { Length: > 0 } b ? $"a number {b}" : "a number";

    public override bool TryRead(SpecNode node, string path, SpecContext context, out double value)
    {
        if (!SpecScalars.TryNumber(node, out value)) return FailType(node, path, context, out value);
        if (!Bounds.Contains(value)) return Fail(node, path, context, $"must be {Bounds.Describe()} (got {node.Describe()})", out value);
        return true;
    }

    public override bool TryAccept(object? value, out double result, [NotNullWhen(false)] out string? error)
    {
        double? d = value switch { double x => x, float x => x, int x => x, long x => x, decimal x => (double)x, _ => null };
        return base.TryAccept(d, out result, out error);
    }

    protected override string? Check(double value) =>
        !double.IsFinite(value) || !Bounds.Contains(value) ? $"must be {Expected} (got {SpecScalars.Show(value)})" : null;
}
