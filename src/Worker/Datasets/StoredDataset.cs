using Hpo.Engine.Data;
namespace Hpo.Worker.Datasets;

/// <summary>A dataset the store holds: its id, its size, its chunks of <see cref="DatasetLimits.ChunkBytes"/> and when it was stored.</summary>
public sealed record StoredDataset(DatasetId Id, long Bytes, int Chunks, DateTimeOffset StoredAt);
