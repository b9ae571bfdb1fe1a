using System.Diagnostics.CodeAnalysis;
using Hpo.Engine.Options;

namespace Hpo.Sweeps.Specs;

/// <summary>Reads early stopping: a mapping of its keys, <c>true</c> (all defaults), or <c>false</c>/<c>null</c> (off).</summary>
public sealed class EarlyStoppingReader : SpecValueReader<EarlyStoppingDraft>
{
    public static EnumReader<string> Monitor { get; } = new("metric", MetricNames.All.Select(m => (m, m)));

    public static SpecTable<EarlyStoppingDraft> Table { get; } = new("early_stopping",
        SpecKey.Of<EarlyStoppingDraft, string>("monitor", Monitor, (d, v) => d with { Monitor = v }),
        SpecKey.Of<EarlyStoppingDraft, ObjectiveMode>("mode", ObjectiveReader.Mode, (d, v) => d with { Mode = v }),
        SpecKey.Of<EarlyStoppingDraft, int>("patience", SpecValues.PositiveInteger, (d, v) => d with { Patience = v }),
        SpecKey.Of<EarlyStoppingDraft, double>("min_delta", SpecValues.NonNegative, (d, v) => d with { MinDelta = v }),
        SpecKey.Of<EarlyStoppingDraft, bool>("restore_best_weights", SpecValues.Bool, (d, v) => d with { RestoreBestWeights = v }));

    private static readonly SectionReader<EarlyStoppingDraft> Mapping = new(Table, () => new EarlyStoppingDraft());

    public override SpecValueKind Kind => SpecValueKind.Structured;
    public override string Expected => $"a mapping ({string.Join(", ", Table.Names)}), true, false or null";

    public override bool TryRead(SpecNode node, string path, SpecContext context, [MaybeNullWhen(false)] out EarlyStoppingDraft value)
    {
        if (SpecScalars.IsNull(node))
        {
            value = EarlyStoppingDraft.Disabled;
            return true;
        }
        if (SpecScalars.TryBool(node, out var on))
        {
            value = on ? new EarlyStoppingDraft() : EarlyStoppingDraft.Disabled;
            return true;
        }
        if (node is SpecMapping) return Mapping.TryRead(node, path, context, out value);
        return FailType(node, path, context, out value);
    }

    public override bool TryAccept(object? value, [MaybeNullWhen(false)] out EarlyStoppingDraft result, [NotNullWhen(false)] out string? error) =>
        base.TryAccept(value switch { null or false => EarlyStoppingDraft.Disabled, true => new EarlyStoppingDraft(), _ => value },
            out result, out error);
}
