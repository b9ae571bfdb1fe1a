namespace Hpo.Runs;

/// <summary>What `hpo train` does besides training: stop early at an epoch, continue a checkpoint, save files.</summary>
public sealed record TrainRequest
{
    /// <summary>Stop after this epoch (the spec's max_epochs still shapes the schedule); null = train to the end.</summary>
    public int? StopAfterEpoch { get; init; }

    /// <summary>A checkpoint to continue from, on the spec's data.</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Where to save the trained model (weights, scalers, class names, metrics).</summary>
    public string? SaveModelTo { get; init; }

    /// <summary>Where to save a checkpoint that `--resume` continues bit for bit.</summary>
    public string? CheckpointTo { get; init; }
}
