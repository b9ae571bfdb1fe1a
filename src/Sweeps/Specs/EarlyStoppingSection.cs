using System.Diagnostics.CodeAnalysis;
using Hpo.Engine.Options;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// <c>training.early_stopping</c> as written; monitor and mode stay open until the objective is known
/// (they default to it, else to val_loss).
/// </summary>
public sealed record EarlyStoppingDraft
{
    public bool Enabled { get; init; } = true;
    public string? Monitor { get; init; }
    public ObjectiveMode? Mode { get; init; }
    public int Patience { get; init; } = new EarlyStoppingOptions().Patience;
    public double MinDelta { get; init; }
    public bool RestoreBestWeights { get; init; } = new EarlyStoppingOptions().RestoreBestWeights;

    public static EarlyStoppingDraft Disabled { get; } = new() { Enabled = false };

    public EarlyStoppingOptions? Build(ObjectiveSpec? objective)
    {
        if (!Enabled) return null;
        var monitor = Monitor ?? objective?.Metric ?? "val_loss";
        var mode = Mode ?? (objective is not null && monitor == objective.Metric ? objective.Mode : MetricNames.DefaultMode(monitor));
        return new EarlyStoppingOptions
        {
            Monitor = monitor,
            Mode = mode,
            Patience = Patience,
            MinDelta = MinDelta,
            RestoreBestWeights = RestoreBestWeights,
        };
    }
}

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
