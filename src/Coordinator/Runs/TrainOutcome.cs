using Hpo.Engine.Training;

namespace Hpo.Coordinator.Runs;

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

    /// <summary>Training issues found in the run (the full issues log arrives with the diagnostics).</summary>
    public required IReadOnlyList<string> Issues { get; init; }
}
