using Hpo.Protocol;
using Hpo.Worker.Checkpoints;
using Hpo.Worker.Training;

namespace Hpo.Worker.Tests.Training;

/// <summary>What a node that leaves (SIGTERM) or dies (kill -9) leaves behind in the checkpoint store, and what the next node trains.</summary>
public sealed class TrialTrainerLeavingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hpo-leaving-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed class Epochs : IEpochObserver
    {
        public List<bool> Trained { get; } = [];

        public void EpochTrained(double seconds, bool again) => Trained.Add(again);
    }

    private sealed class RecordingStore(ICheckpointStore inner) : ICheckpointStore
    {
        public List<int> Saved { get; } = [];

        public Task<StoredCheckpoint?> LoadAsync(CheckpointKey key, CancellationToken cancellation = default) => inner.LoadAsync(key, cancellation);

        public Task SaveAsync(CheckpointKey key, int epoch, ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
        {
            Saved.Add(epoch);
            return inner.SaveAsync(key, epoch, data, cancellation);
        }

        public Task DeleteAsync(CheckpointKey key, CancellationToken cancellation = default) => inner.DeleteAsync(key, cancellation);
    }

    private ICheckpointStore Store(string name) => new DirectoryCheckpointStore(Path.Combine(_root, name));

    private static TrialTrainer Node(string node, ICheckpointStore store, IEpochObserver? epochs = null, int every = 0) =>
        new(node, new DatasetCache((string?)null), store, epochs: epochs, checkpointEvery: every);

    [Fact]
    public async Task A_rung_handed_back_stops_at_the_end_of_its_epoch_with_the_model_stored_there_and_the_next_node_trains_none_again()
    {
        var plan = TestPlans.Moons();
        var straight = new List<EpochReport>();
        await Node("x", Store("straight")).TrainAsync(TestPlans.Rung(plan, 0, 6), null, straight.Add);

        var store = new RecordingStore(Store("shared"));
        using var leaving = new CancellationTokenSource();
        var first = new List<EpochReport>();
        var outcome = await Node("a", store).TrainAsync(TestPlans.Rung(plan, 0, 6), null, r =>
        {
            first.Add(r);
            if (r.Epoch == 2) leaving.Cancel(); // SIGTERM while epoch 2 trains
        }, handBack: leaving.Token);

        var handedBack = Assert.IsType<TrainingFailed>(outcome.Reply);
        Assert.True(handedBack.HandedBack && handedBack.Retryable, handedBack.Error);
        Assert.Equal([1, 2], first.Select(r => r.Epoch));
        Assert.Equal([2], store.Saved);

        var epochs = new Epochs();
        var second = new List<EpochReport>();
        var done = await Node("b", store, epochs).TrainAsync(TestPlans.Rung(plan, 0, 6, dispatch: 2), null, second.Add);
        Assert.IsType<RungCompleted>(done.Reply);
        Assert.Equal([false, false, false, false], epochs.Trained); // epochs 3 to 6, none again
        Assert.Equal(straight.Select(r => r.Metrics.ValLoss), second.Select(r => r.Metrics.ValLoss));
    }

    [Fact]
    public async Task Within_a_long_rung_the_model_is_stored_every_checkpoint_interval_and_at_its_end()
    {
        var store = new RecordingStore(Store("every"));
        await Node("a", store, every: 2).TrainAsync(TestPlans.Rung(TestPlans.Moons(), 0, 5), null, _ => { });
        Assert.Equal([2, 4, 5], store.Saved);
    }

    [Fact]
    public async Task A_node_killed_outright_costs_the_next_node_the_epochs_since_the_last_checkpoint_counted_as_trained_again()
    {
        var plan = TestPlans.Moons();
        var store = new RecordingStore(Store("killed"));
        // Node a reported epochs 1 to 5 of the rung, stored at 3, and died before its end: the sweep's record is epoch 5.
        using var killed = new CancellationTokenSource();
        try
        {
            await Node("a", store, every: 3).TrainAsync(TestPlans.Rung(plan, 0, 8), null, r =>
            {
                if (r.Epoch == 5) killed.Cancel();
            }, killed.Token);
        }
        catch (OperationCanceledException)
        {
        }
        Assert.Equal([3], store.Saved);

        var epochs = new Epochs();
        await Node("b", store, epochs).TrainAsync(TestPlans.Rung(plan, 5, 8, dispatch: 2), null, _ => { });
        Assert.Equal([true, true, false, false, false], epochs.Trained); // 4 and 5 again, then 6 to 8
    }
}
