using Hpo.Engine.Options;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// The <c>training</c> keys as written: most already in <see cref="Options"/>; the ones that depend on
/// others (warm-up shortcut, early stopping's defaults from the objective) or that the engine does not
/// take yet (pretraining, transfer) kept apart until <see cref="TrainingSection.Build"/>.
/// </summary>
public sealed record TrainingDraft
{
    public TrainingOptions Options { get; init; } = new();

    /// <summary>The <c>warmup_epochs</c> shortcut for <c>schedule.warmup_epochs</c>.</summary>
    public int? WarmupEpochs { get; init; }
    public EarlyStoppingDraft? EarlyStopping { get; init; }
    public PretrainingKind Pretraining { get; init; }
    public TransferSpec? Transfer { get; init; }
}
