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

public sealed class BoolReader : SpecValueReader<bool>
{
    public override SpecValueKind Kind => SpecValueKind.Boolean;
    public override string Expected => "true or false";

    public override bool TryRead(SpecNode node, string path, SpecContext context, out bool value) =>
        SpecScalars.TryBool(node, out value) || FailType(node, path, context, out value);
}

/// <summary>Any non-empty scalar, taken as text (a name, a path).</summary>
public sealed class TextValueReader : SpecValueReader<string>
{
    public override SpecValueKind Kind => SpecValueKind.Text;
    public override string Expected => "a text";

    public override bool TryRead(SpecNode node, string path, SpecContext context, [MaybeNullWhen(false)] out string value)
    {
        if (node is SpecScalar { IsNull: false } s && s.Value.Trim().Length > 0)
        {
            value = s.Value;
            return true;
        }
        return FailType(node, path, context, out value);
    }

    protected override string? Check(string value) => value.Trim().Length == 0 ? "must not be empty" : null;
}

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
