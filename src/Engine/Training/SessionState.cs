using Hpo.Engine.Options;

namespace Hpo.Engine.Training;

/// <summary>
/// The whole mutable state of a <see cref="TrainingSession"/> between epochs: weights and running
/// statistics, optimiser state, the shuffle order and random streams, schedule and early-stopping
/// state, and the learning curve so far. Restoring it continues training bit for bit.
/// </summary>
public sealed record SessionState
{
    public required int Epoch { get; init; }
    public required EpochMetrics[] Curve { get; init; }
    public required float[][] Parameters { get; init; }
    public required float[][] OptimizerState { get; init; }
    public required long OptimizerSteps { get; init; }
    public required int[] ShuffleOrder { get; init; }
    public required ulong[] ShuffleRng { get; init; }
    public required ulong[] DropoutRng { get; init; }
    public double PlateauFactor { get; init; } = 1;
    public double PlateauBest { get; init; } = double.PositiveInfinity;
    public int PlateauWait { get; init; }
    public double? EarlyStoppingBest { get; init; }
    public int EarlyStoppingBestEpoch { get; init; }
    public int EarlyStoppingWait { get; init; }
    public float[][]? BestParameters { get; init; }
    public bool Diverged { get; init; }
    public bool StoppedEarly { get; init; }
    public string? StopReason { get; init; }
}
