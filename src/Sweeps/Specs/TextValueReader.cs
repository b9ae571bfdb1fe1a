using System.Diagnostics.CodeAnalysis;

namespace Hpo.Sweeps.Specs;

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
