using System.Diagnostics.CodeAnalysis;
using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Specs;

/// <summary><c>search.early_stopping</c>: <c>{patience: 5, min_delta: 0.0}</c>, <c>true</c> (defaults), or <c>false</c>/<c>null</c> (off).</summary>
public sealed class TrialPatienceReader : SpecValueReader<TrialPatience?>
{
    public static SpecTable<TrialPatience> Table { get; } = new("early_stopping",
        SpecKey.Of<TrialPatience, int>("patience", SpecValues.PositiveInteger, (r, v) => r with { Patience = v }),
        SpecKey.Of<TrialPatience, double>("min_delta", SpecValues.NonNegative, (r, v) => r with { MinDelta = v }));

    private static readonly SectionReader<TrialPatience> Mapping = new(Table, () => new TrialPatience());

    public override SpecValueKind Kind => SpecValueKind.Structured;
    public override string Expected => $"a mapping ({string.Join(", ", Table.Names)}), true, false or null";

    public override bool TryRead(SpecNode node, string path, SpecContext context, out TrialPatience? value)
    {
        value = null;
        if (SpecScalars.IsNull(node)) return true;
        if (SpecScalars.TryBool(node, out var on))
        {
            value = on ? new TrialPatience() : null;
            return true;
        }
        if (node is not SpecMapping) return FailType(node, path, context, out value);
        var ok = Mapping.TryRead(node, path, context, out var rule);
        value = rule;
        return ok;
    }

    public override bool TryAccept(object? value, [MaybeNullWhen(false)] out TrialPatience? result, [NotNullWhen(false)] out string? error)
    {
        if (value is null or false)
        {
            (result, error) = (null, null);
            return true;
        }
        return base.TryAccept(value is true ? new TrialPatience() : value, out result, out error);
    }
}
