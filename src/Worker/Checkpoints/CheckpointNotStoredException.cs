namespace Hpo.Worker.Checkpoints;

/// <summary>The checkpoint store could not keep a trial's checkpoint (after its own retries): a fault of the store, not of the trial.</summary>
public sealed class CheckpointNotStoredException(CheckpointKey key, int epoch, Exception inner)
    : Exception($"the checkpoint store cannot keep trial {key}'s checkpoint at epoch {epoch}: {inner.GetType().Name}: {inner.Message}", inner);
