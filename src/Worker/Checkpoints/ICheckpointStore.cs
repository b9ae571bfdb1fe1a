using Hpo.Node.Storage;
namespace Hpo.Worker.Checkpoints;

/// <summary>Names a trial's checkpoint: one per sweep and trial.</summary>
public readonly record struct CheckpointKey(string SweepId, int TrialId)
{
    /// <summary>The trial id of a sweep's refit model: trials count from 0, so it names no trial.</summary>
    public const int RefitTrialId = -1;

    /// <summary>Where a sweep's refit model (its best configuration trained again on training + validation) is kept.</summary>
    public static CheckpointKey RefitOf(string sweepId) => new(sweepId, RefitTrialId);

    /// <summary>The trial id of a sweep's best model (its winner at its objective epoch): it names no trial either.</summary>
    public const int BestTrialId = -2;

    /// <summary>
    /// Where a sweep's best model is kept when its objective epoch is not its last (<c>objective.scope: best</c>): the
    /// winner rebuilt at that epoch when the sweep ended, apart from the trial's own checkpoint (at its last epoch).
    /// </summary>
    public static CheckpointKey BestOf(string sweepId) => new(sweepId, BestTrialId);

    public override string ToString() => $"{SweepId}/{TrialId}";
}

/// <summary>A stored checkpoint: the epoch it was taken after and the engine's checkpoint bytes.</summary>
public sealed record StoredCheckpoint(int Epoch, byte[] Data);

/// <summary>
/// Where trial checkpoints live between rungs, so a promoted trial continues on whatever node gets it: a
/// directory by default (<see cref="DirectoryCheckpointStore"/>), the SQL database in a cluster
/// (<see cref="SqlCheckpointStore"/>). Only the latest
/// checkpoint of a trial is kept; a save replaces it. Implementations are safe to call from several threads.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>Stores the checkpoint of <paramref name="key"/> taken after <paramref name="epoch"/>, replacing the one before, atomically.</summary>
    Task SaveAsync(CheckpointKey key, int epoch, ReadOnlyMemory<byte> data, CancellationToken cancellation = default);

    /// <summary>The trial's latest checkpoint, or null when it has none.</summary>
    Task<StoredCheckpoint?> LoadAsync(CheckpointKey key, CancellationToken cancellation = default);

    /// <summary>Forgets the trial's checkpoint (nothing happens when it has none).</summary>
    Task DeleteAsync(CheckpointKey key, CancellationToken cancellation = default);

    /// <summary>
    /// Checks at start that the store can be used and prepares it (idempotent), so a worker that cannot keep
    /// checkpoints says so before it joins the cluster; throws <see cref="StorageUnavailableException"/>.
    /// Nothing to do for a store without set-up.
    /// </summary>
    Task InitializeAsync(CancellationToken cancellation = default) => Task.CompletedTask;
}
