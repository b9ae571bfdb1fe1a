using Hpo.Engine.Options;

namespace Hpo.Engine.Persistence;

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
