using System.Diagnostics.CodeAnalysis;
using Hpo.Engine.Options;
using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// The <c>objective</c> key: <c>{metric: val_accuracy, mode: max, scope: last}</c>, or just the metric's name; the
/// mode defaults to the metric's natural direction, the scope to <c>last</c> (or <c>best</c>, <c>last-K-avg</c>).
/// </summary>
public sealed class ObjectiveReader : SpecValueReader<ObjectiveSpec>
{
    public const string Path = "objective";

    private sealed record Draft(string? Metric, ObjectiveMode? Mode, ObjectiveScope? Scope);

    public static EnumReader<string> Metric { get; } = new("metric", MetricNames.Validation.Select(m => (m, m)));

    public static EnumReader<ObjectiveMode> Mode { get; } = SpecValues.Enum("mode", ("min", ObjectiveMode.Min), ("max", ObjectiveMode.Max));

    private static readonly SpecTable<Draft> Table = new("objective",
        SpecKey.Of<Draft, string>("metric", Metric, (d, v) => d with { Metric = v }),
        SpecKey.Of<Draft, ObjectiveMode>("mode", Mode, (d, v) => d with { Mode = v }),
        SpecKey.Of<Draft, ObjectiveScope>("scope", new ScopeReader(), (d, v) => d with { Scope = v }));

    public override SpecValueKind Kind => SpecValueKind.Structured;
    public override string Expected => $"a metric ({string.Join(", ", Metric.Names)}) or a mapping with metric and mode";

    public override bool TryRead(SpecNode node, string path, SpecContext context, [MaybeNullWhen(false)] out ObjectiveSpec value)
    {
        value = null;
        if (node is SpecScalar { IsNull: false })
        {
            if (!Metric.TryRead(node, path, context, out var metric)) return false;
            value = new ObjectiveSpec(metric, MetricNames.DefaultMode(metric));
            return true;
        }
        if (node is not SpecMapping) return FailType(node, path, context, out value);

        var before = context.Errors.Count;
        var draft = Table.ReadFixed(node, path, new Draft(null, null, null), context);
        if (context.Errors.Count != before) return false;
        if (draft.Metric is null) return Fail(node, path, context, $"needs a metric ({string.Join(", ", Metric.Names)})", out value);
        value = new ObjectiveSpec(draft.Metric, draft.Mode ?? MetricNames.DefaultMode(draft.Metric)) { Scope = draft.Scope ?? ObjectiveScope.Last };
        return true;
    }

    /// <summary><c>scope</c>: last, best or last-K-avg (K from 1 to <see cref="ObjectiveScope.MaxWindow"/>).</summary>
    private sealed class ScopeReader : SpecValueReader<ObjectiveScope>
    {
        public override SpecValueKind Kind => SpecValueKind.Choice;
        public override string Expected => $"last, best or last-K-avg (the mean of the last K epochs, K from 1 to {ObjectiveScope.MaxWindow})";

        public override bool TryRead(SpecNode node, string path, SpecContext context, [MaybeNullWhen(false)] out ObjectiveScope value)
        {
            if (node is SpecScalar { IsNull: false } scalar && ObjectiveScope.TryParse(scalar.Value, out value)) return true;
            return FailType(node, path, context, out value);
        }
    }
}
