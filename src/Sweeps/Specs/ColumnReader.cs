using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Hpo.Sweeps.Specs;

/// <summary>A CSV column: a header name, or a zero-based index written as a plain integer. The value is the text.</summary>
public sealed class ColumnReader : SpecValueReader<string>
{
    public override SpecValueKind Kind => SpecValueKind.Text;
    public override string Expected => "a column name or a zero-based column index";

    public override bool TryRead(SpecNode node, string path, SpecContext context, [MaybeNullWhen(false)] out string value)
    {
        if (node is not SpecScalar { IsNull: false } s || s.Value.Trim().Length == 0) return FailType(node, path, context, out value);
        if (SpecScalars.TryNumber(s, out var d))
        {
            if (d < 0 || d != Math.Floor(d) || d > int.MaxValue)
                return Fail(node, path, context, $"a column index must be an integer >= 0 (got {s.Value})", out value);
            value = ((int)d).ToString(CultureInfo.InvariantCulture);
            return true;
        }
        value = s.Value;
        return true;
    }

    public override bool TryAccept(object? value, [MaybeNullWhen(false)] out string result, [NotNullWhen(false)] out string? error) =>
        base.TryAccept(value is int i && i >= 0 ? i.ToString(CultureInfo.InvariantCulture) : value, out result, out error);
}
