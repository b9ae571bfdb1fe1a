using Hpo.Engine.Persistence;
using Hpo.Engine.Training;
using Hpo.Protocol;
using Hpo.Worker.Checkpoints;
using Hpo.Worker.Training;

namespace Hpo.Worker.Tests.Training;

/// <summary>
/// The sweep's best model at the winner's objective epoch (<see cref="EvaluateTrial.StoreModel"/>): rebuilt along the
/// trial's deterministic trajectory and stored under <see cref="CheckpointKey.BestOf"/>, apart from its checkpoint.
/// </summary>
public sealed class TrialBestModelTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hpo-bestmodel-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static EvaluateTrial Store(TrialPlan plan, int epoch) =>
        new("s1", 1, "node-a", plan, epoch, Akka.Actor.ActorRefs.Nobody) { StoreModel = true };

    [Fact]
    public async Task The_model_at_an_epoch_before_the_checkpoint_is_stored_apart_and_scores_on_validation_what_the_trial_reported_there()
    {
        var plan = TestPlans.Moons(); // no test split: the model is rebuilt for storing alone
        var store = new DirectoryCheckpointStore(Path.Combine(_root, "store"));
        var trainer = new TrialTrainer("a", new DatasetCache((string?)null), store);
        var reports = new List<EpochReport>();
        await trainer.TrainAsync(TestPlans.Rung(plan, 0, 6), null, reports.Add);

        var answer = await trainer.EvaluateAsync(Store(plan, 3), null);

        Assert.True(answer.Stored, answer.StoreError);
        Assert.Null(answer.StoreError);
        Assert.Null(answer.Test);
        Assert.Equal(3, answer.Epoch);
        Assert.Equal(6, (await store.LoadAsync(new CheckpointKey("s1", 1)))!.Epoch); // the trial's own checkpoint is left alone
        var stored = await store.LoadAsync(CheckpointKey.BestOf("s1"));
        Assert.Equal(3, stored!.Epoch);
        var split = new DatasetCache((string?)null).Get(plan.Data);
        var model = ModelFile.ReadCheckpoint(new MemoryStream(stored.Data), "best", split);
        Assert.Equal(3, model.Epoch);
        var validation = model.Evaluate(split.Validation);
        var reported = reports.Single(r => r.Epoch == 3);
        Assert.Equal(reported.Objective!.Value, validation.Accuracy!.Value, 12);
        Assert.Equal(reported.Metrics.Get("val_loss")!.Value, validation.Loss, 12);
        Assert.NotEqual(reports.Single(r => r.Epoch == 6).Metrics.Get("val_loss")!.Value, validation.Loss);
    }

    [Fact]
    public async Task Without_store_model_nothing_is_stored_apart()
    {
        var plan = TestPlans.Moons() with { Data = TestPlans.Moons().Data with { Test = 0.25 } };
        var store = new DirectoryCheckpointStore(Path.Combine(_root, "plain"));
        var trainer = new TrialTrainer("a", new DatasetCache((string?)null), store);
        await trainer.TrainAsync(TestPlans.Rung(plan, 0, 4), null, _ => { });

        var answer = await trainer.EvaluateAsync(new EvaluateTrial("s1", 1, "node-a", plan, 2, Akka.Actor.ActorRefs.Nobody), null);

        Assert.NotNull(answer.Test);
        Assert.False(answer.Stored);
        Assert.Null(await store.LoadAsync(CheckpointKey.BestOf("s1")));
    }

    private sealed class FailingStore(ICheckpointStore inner) : ICheckpointStore
    {
        public Task<StoredCheckpoint?> LoadAsync(CheckpointKey key, CancellationToken cancellation = default) => inner.LoadAsync(key, cancellation);

        public Task SaveAsync(CheckpointKey key, int epoch, ReadOnlyMemory<byte> data, CancellationToken cancellation = default) =>
            key.TrialId == CheckpointKey.BestTrialId ? throw new IOException("disk full") : inner.SaveAsync(key, epoch, data, cancellation);

        public Task DeleteAsync(CheckpointKey key, CancellationToken cancellation = default) => inner.DeleteAsync(key, cancellation);
    }

    [Fact]
    public async Task A_best_model_the_store_cannot_keep_still_answers_the_test_figures_and_says_why_it_is_not_stored()
    {
        var plan = TestPlans.Moons() with { Data = TestPlans.Moons().Data with { Test = 0.25 } };
        var trainer = new TrialTrainer("a", new DatasetCache((string?)null), new FailingStore(new DirectoryCheckpointStore(Path.Combine(_root, "full"))));
        await trainer.TrainAsync(TestPlans.Rung(plan, 0, 4), null, _ => { });

        var answer = await trainer.EvaluateAsync(Store(plan, 2), null);

        Assert.Null(answer.Error);
        Assert.Equal(60, answer.Test!.Samples);
        Assert.False(answer.Stored);
        Assert.EndsWith("IOException: disk full", answer.StoreError, StringComparison.Ordinal);
    }
}
