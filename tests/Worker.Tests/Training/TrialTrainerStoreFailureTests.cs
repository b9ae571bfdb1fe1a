using Hpo.Protocol;
using Hpo.Worker.Checkpoints;
using Hpo.Worker.Training;

namespace Hpo.Worker.Tests.Training;

/// <summary>A checkpoint store that fails while a trial trains is reported as the store's fault, not the trial's.</summary>
public sealed class TrialTrainerStoreFailureTests
{
    private sealed class ReadOnlyStore : ICheckpointStore
    {
        public Task<StoredCheckpoint?> LoadAsync(CheckpointKey key, CancellationToken cancellation = default) => Task.FromResult<StoredCheckpoint?>(null);

        public Task SaveAsync(CheckpointKey key, int epoch, ReadOnlyMemory<byte> data, CancellationToken cancellation = default) =>
            throw new IOException("Read-only file system : '/data/checkpoints/s/0.ckpt'");

        public Task DeleteAsync(CheckpointKey key, CancellationToken cancellation = default) => Task.CompletedTask;
    }

    [Fact]
    public async Task A_checkpoint_that_cannot_be_written_fails_the_rung_as_a_storage_fault_naming_the_epoch_and_the_cause()
    {
        var trainer = new TrialTrainer("a", new DatasetCache((string?)null), new ReadOnlyStore());
        var reports = new List<EpochReport>();

        var outcome = await trainer.TrainAsync(TestPlans.Rung(TestPlans.Moons(), 0, 3), null, reports.Add);

        var failed = Assert.IsType<TrainingFailed>(outcome.Reply);
        Assert.True(failed.Storage && failed.Retryable && !failed.HandedBack);
        Assert.Equal(3, reports.Count);
        Assert.Contains("checkpoint at epoch 3", failed.Error, StringComparison.Ordinal);
        Assert.EndsWith("IOException: Read-only file system : '/data/checkpoints/s/0.ckpt'", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trial_that_fails_on_its_data_is_not_a_storage_fault()
    {
        var trainer = new TrialTrainer("a", new DatasetCache((string?)null), new ReadOnlyStore());
        var plan = TestPlans.Moons() with { Data = TestPlans.Moons().Data with { Csv = "/nonexistent/data.csv", Dataset = null } };

        var outcome = await trainer.TrainAsync(TestPlans.Rung(plan, 0, 3), null, _ => { });

        var failed = Assert.IsType<TrainingFailed>(outcome.Reply);
        Assert.False(failed.Storage);
    }
}
