using System.Diagnostics.CodeAnalysis;
using Hpo.Engine.Options;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// <c>training.schedule</c>: a schedule's name (<c>cosine</c>) or a mapping
/// <c>{kind: step, drop_factor: 0.5, drop_every: 10, ...}</c>; keys left out keep the engine's defaults.
/// </summary>
public sealed class ScheduleReader : SpecValueReader<ScheduleOptions>
{
    public static EnumReader<ScheduleKind> Kinds { get; } = SpecValues.Enum("schedule",
        ("constant", ScheduleKind.Constant), ("time_decay", ScheduleKind.TimeDecay), ("step", ScheduleKind.Step),
        ("exponential", ScheduleKind.Exponential), ("cosine", ScheduleKind.Cosine),
        ("cosine_restarts", ScheduleKind.CosineRestarts), ("reduce_on_plateau", ScheduleKind.ReduceOnPlateau));

    public static SpecTable<ScheduleOptions> Table { get; } = new("schedule",
        SpecKey.Of<ScheduleOptions, ScheduleKind>("kind", Kinds, (s, v) => s with { Kind = v }),
        SpecKey.Of<ScheduleOptions, double>("decay", SpecValues.Positive, (s, v) => s with { Decay = v }),
        SpecKey.Of<ScheduleOptions, double>("drop_factor", SpecValues.OpenUnit, (s, v) => s with { DropFactor = v }),
        SpecKey.Of<ScheduleOptions, int>("drop_every", SpecValues.PositiveInteger, (s, v) => s with { DropEvery = v }),
        SpecKey.Of<ScheduleOptions, int>("period", SpecValues.NonNegativeInteger, (s, v) => s with { Period = v }),
        SpecKey.Of<ScheduleOptions, double>("period_multiplier", new NumberReader(NumberBounds.AtLeast(1)),
            (s, v) => s with { PeriodMultiplier = v }),
        SpecKey.Of<ScheduleOptions, double>("min_learning_rate", SpecValues.NonNegative, (s, v) => s with { MinLearningRate = v }),
        SpecKey.Of<ScheduleOptions, int>("warmup_epochs", SpecValues.NonNegativeInteger, (s, v) => s with { WarmupEpochs = v }),
        SpecKey.Of<ScheduleOptions, int>("patience", SpecValues.PositiveInteger, (s, v) => s with { Patience = v }));

    private static readonly SectionReader<ScheduleOptions> Mapping = new(Table, () => new ScheduleOptions());

    public override SpecValueKind Kind => SpecValueKind.Choice;
    public override string Expected => $"{Kinds.Expected}, or a mapping ({string.Join(", ", Table.Names)})";

    public override bool TryRead(SpecNode node, string path, SpecContext context, [MaybeNullWhen(false)] out ScheduleOptions value)
    {
        value = null;
        if (node is SpecMapping) return Mapping.TryRead(node, path, context, out value);
        if (!Kinds.TryRead(node, path, context, out var kind)) return false;
        value = new ScheduleOptions { Kind = kind };
        return true;
    }

    public override bool TryAccept(object? value, [MaybeNullWhen(false)] out ScheduleOptions result, [NotNullWhen(false)] out string? error)
    {
        if (value is string or ScheduleKind && Kinds.TryAccept(value, out var kind, out error))
        {
            result = new ScheduleOptions { Kind = kind };
            return true;
        }
        return base.TryAccept(value, out result, out error);
    }
}
