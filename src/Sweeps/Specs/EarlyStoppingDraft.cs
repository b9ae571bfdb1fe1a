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
