using Hpo.Engine.Options;

namespace Hpo.Engine.Persistence;

/// <summary>Where a checkpoint stands: the epoch, optimiser step count, schedule and early-stopping state, the curve.</summary>
public sealed record CheckpointInfo
{
    public required int Epoch { get; init; }
    public required long OptimizerSteps { get; init; }
    public double PlateauFactor { get; init; }
    public double PlateauBest { get; init; }
    public int PlateauWait { get; init; }
    public double? EarlyStoppingBest { get; init; }
    public int EarlyStoppingBestEpoch { get; init; }
    public int EarlyStoppingWait { get; init; }
    public bool Diverged { get; init; }
    public bool StoppedEarly { get; init; }
    public string? StopReason { get; init; }
    public required EpochMetrics[] Curve { get; init; }
}
