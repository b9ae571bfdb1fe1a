using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Engine.Training;

/// <summary>
/// Everything a worker needs to train one trial, in engine terms: the coordinator materialises a sampled
/// configuration into a plan, so workers never parse specs. A relative CSV path or transfer source is
/// resolved against the worker's data directory.
/// </summary>
public sealed record TrialPlan
{
    public required DataOptions Data { get; init; }

    /// <summary>The task the sweep expects; a dataset of the other task fails the trial (null = whatever the data is).</summary>
    public TaskKind? Task { get; init; }
    public required ModelOptions Model { get; init; }
    public required TrainingOptions Training { get; init; }

    /// <summary>The metric the sweep optimises (val_accuracy, val_loss, ...), reported with every epoch.</summary>
    public required string ObjectiveMetric { get; init; }

    /// <summary>
    /// A saved model whose hidden layers start this trial (null = none). Freezing, the transferred layers'
    /// learning rate and keep-output come from <see cref="TrainingOptions.Transfer"/>.
    /// </summary>
    public string? TransferFrom { get; init; }

    /// <summary>Greedy layer-wise pretraining before epoch 1 (epochs per layer and freezing from <see cref="TrainingOptions.Pretraining"/>).</summary>
    public PretrainingKind Pretraining { get; init; } = PretrainingKind.None;
}
