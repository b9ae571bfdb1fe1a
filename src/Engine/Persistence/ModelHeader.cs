using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Engine.Persistence;

public enum BlockType { Float32, Int32, UInt64 }

/// <summary>One binary block after the header: its name, element type and element count.</summary>
public sealed record BlockInfo(string Name, BlockType Type, int Length);

public sealed record ScalerData(ScalingKind Kind, float[] Offset, float[] Scale)
{
    public static ScalerData From(Scaler s) => new(s.Kind, s.Offset, s.Scale);
    public Scaler ToScaler() => Scaler.FromParameters(Kind, Offset, Scale);
}

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

/// <summary>The JSON header of a model file: what the network is, how its data is scaled, what it measured.</summary>
public sealed record ModelHeader
{
    public required int FormatVersion { get; init; }

    /// <summary>"model" (weights only) or "checkpoint" (weights and everything needed to continue training).</summary>
    public required string Kind { get; init; }
    public required TaskKind Task { get; init; }
    public required LossKind Loss { get; init; }
    public required int InputWidth { get; init; }
    public required int OutputWidth { get; init; }
    public required int ClassCount { get; init; }
    public required int TargetCount { get; init; }
    public required ModelOptions Model { get; init; }
    public required TrainingOptions Training { get; init; }
    public IReadOnlyList<string>? ClassNames { get; init; }
    public IReadOnlyList<string>? FeatureNames { get; init; }
    public required ScalerData InputScaler { get; init; }
    public ScalerData? TargetScaler { get; init; }
    public Dictionary<string, double?> Metrics { get; init; } = [];
    public required IReadOnlyList<BlockInfo> Blocks { get; init; }
    public CheckpointInfo? Checkpoint { get; init; }
}
