using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// One model to train (<c>hpo train MODEL.yaml</c>): the engine's options, fully settled, plus what the
/// engine does not take yet (pretraining, transfer) and where each key was written.
/// </summary>
public sealed record TrainSpec
{
    public string? Name { get; init; }

    /// <summary>The spec's seed; already copied into the training seed and, unless given, the data seeds.</summary>
    public int Seed { get; init; } = new TrainingOptions().Seed;
    public required DataOptions Data { get; init; }

    /// <summary>As given, else as the dataset implies; null for a CSV file without <c>task</c>.</summary>
    public TaskKind? Task { get; init; }
    public required ModelOptions Model { get; init; }
    public required TrainingOptions Training { get; init; }

    /// <summary>As given; null when the spec has none (see <see cref="ObjectiveOrDefault"/>).</summary>
    public ObjectiveSpec? Objective { get; init; }
    public PretrainingKind Pretraining { get; init; }
    public TransferSpec? Transfer { get; init; }

    /// <summary>The name errors are reported under (the file's path, or what the caller passed).</summary>
    public string SourceName { get; init; } = "spec";

    /// <summary>Line and column of every key path, for checks made after parsing.</summary>
    public SpecLocations Locations { get; init; } = SpecLocations.Empty;

    public ObjectiveSpec ObjectiveOrDefault => Objective ?? ObjectiveSpec.DefaultFor(Task);
}
