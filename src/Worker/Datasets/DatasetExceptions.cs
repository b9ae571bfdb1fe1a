using Hpo.Engine;
using Hpo.Engine.Data;

namespace Hpo.Worker.Datasets;

/// <summary>No coordinator has the dataset: a trial over it cannot train anywhere until it is uploaded (not retried).</summary>
public sealed class DatasetMissingException(DatasetId id, string reason)
    : HpoException($"dataset {id} cannot be fetched: {reason}")
{
    public DatasetId Id { get; } = id;
}

/// <summary>What was fetched is not the dataset asked for (wrong hash, malformed or inconsistent chunks): refused, not retried.</summary>
public sealed class DatasetCorruptException(DatasetId id, string problem)
    : HpoException($"dataset {id} was refused: {problem}")
{
    public DatasetId Id { get; } = id;
}

/// <summary>No coordinator answered in time: a passing condition, so the trial is retried.</summary>
public sealed class DatasetUnavailableException(DatasetId id, string reason, Exception? inner = null)
    : Exception($"dataset {id} cannot be fetched now: {reason}", inner)
{
    public DatasetId Id { get; } = id;
}
