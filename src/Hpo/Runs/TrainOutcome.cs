using Hpo.Engine.Diagnostics;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Runs;

/// <summary>What one `hpo train` run produced: its learning curve, the metrics of the weights it kept, why it stopped.</summary>
public sealed record TrainOutcome
{
    public required string Name { get; init; }
    public required IReadOnlyList<EpochMetrics> Curve { get; init; }

    /// <summary>The epoch whose weights the model holds (the best one when early stopping restored it).</summary>
    public required EpochMetrics Kept { get; init; }
    public required string ObjectiveMetric { get; init; }
    public double? ObjectiveValue { get; init; }
    public Evaluation? Test { get; init; }
    public required double Seconds { get; init; }
    public bool Diverged { get; init; }
    public string? StopReason { get; init; }

    /// <summary>The run's training issues log: one entry per kind, in the order first seen (data checks first).</summary>
    public required IReadOnlyList<TrainingIssue> Issues { get; init; }
}
