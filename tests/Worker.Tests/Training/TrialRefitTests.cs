using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Persistence;
using Hpo.Engine.Training;
using Hpo.Protocol;
using Hpo.Worker.Checkpoints;
using Hpo.Worker.Training;

namespace Hpo.Worker.Tests.Training;

/// <summary>The refit of a sweep's best configuration (search.refit): train + validation, the sweep's own test rows.</summary>
public sealed class TrialRefitTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hpo-refit-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static TrialPlan Plan() => TestPlans.Moons() with
    {
        Data = TestPlans.Moons().Data with { Test = 0.25 },
        Training = TestPlans.Moons().Training with { EarlyStopping = new EarlyStoppingOptions { Patience = 1 } },
    };

    private static RefitTrial Refit(TrialPlan plan, int epochs) => new("s1", 3, "node-a", plan, epochs, Akka.Actor.ActorRefs.Nobody);

    [Fact]
    public async Task The_refit_trains_on_training_and_validation_and_is_evaluated_on_the_sweeps_test_rows()
    {
        var plan = Plan();
        var store = new DirectoryCheckpointStore(Path.Combine(_root, "store"));
        var trainer = new TrialTrainer("node-a", new DatasetCache((string?)null), store);

        var answer = await trainer.RefitAsync(Refit(plan, 5));

        Assert.Null(answer.Error);
        Assert.Equal(("s1", 3, 5, "node-a"), (answer.SweepId, answer.TrialId, answer.Epochs, answer.Node));
        // The sweep's split, loaded apart from the trainer: 240 moons, a quarter validation and a quarter test.
        var sweep = DataLoader.LoadSplit(plan.Data);
        Assert.Equal(sweep.Train.Samples + sweep.Validation.Samples, answer.TrainSamples);
        Assert.Equal(180, answer.TrainSamples);
        Assert.Equal(sweep.Test!.Samples, answer.Test!.Samples);

        // Stored under the refit key (never a trial's), at the epochs asked for, with no early stopping.
        Assert.Null(await store.LoadAsync(new CheckpointKey("s1", 3)));
        var stored = await store.LoadAsync(CheckpointKey.RefitOf("s1"));
        Assert.Equal(5, stored!.Epoch);
        var refitSplit = RefitSplit.Of(sweep);
        using var stream = new MemoryStream(stored.Data);
        var model = ModelFile.ReadCheckpoint(stream, "refit", refitSplit);
        Assert.Equal(5, model.Epoch);
        Assert.Null(model.Options.EarlyStopping);
        // It trained on every training and validation row: a checkpoint of the sweep's training rows alone does not fit it.
        Assert.Throws<ModelFileException>(() => ModelFile.ReadCheckpoint(new MemoryStream(stored.Data), "refit", sweep));
        // Its test figures are those of the sweep's test rows, row for row.
        var figures = model.Evaluate(sweep.Test);
        Assert.Equal(figures.Loss, answer.Test.Loss, 12);
        Assert.Equal(figures.Accuracy, answer.Test.Accuracy);
    }

    [Fact]
    public async Task The_refit_is_a_new_model_not_the_trials_checkpoint_trained_on()
    {
        var plan = Plan();
        var store = new DirectoryCheckpointStore(Path.Combine(_root, "shared"));
        var trainer = new TrialTrainer("node-a", new DatasetCache((string?)null), store);
        var rung = await trainer.TrainAsync(TestPlans.Rung(plan, 0, 4, trial: 3), null, _ => { });
        var evaluated = await trainer.EvaluateAsync(new EvaluateTrial("s1", 3, "node-a", plan, 4, Akka.Actor.ActorRefs.Nobody), rung.Model);

        var refit = await trainer.RefitAsync(Refit(plan, 4));

        Assert.Equal(4, (await store.LoadAsync(new CheckpointKey("s1", 3)))!.Epoch);
        Assert.Equal(evaluated.Test!.Samples, refit.Test!.Samples);
        Assert.NotEqual(evaluated.Test.Loss, refit.Test.Loss);
        // The same refit again gives the same model: it starts from scratch each time.
        var again = await new TrialTrainer("node-b", new DatasetCache((string?)null), new DirectoryCheckpointStore(Path.Combine(_root, "other")))
            .RefitAsync(Refit(plan, 4));
        Assert.Equal(refit.Test.Loss, again.Test!.Loss);
    }

    [Fact]
    public async Task Without_a_test_split_the_refit_is_stored_without_figures()
    {
        var plan = TestPlans.Moons();
        var store = new DirectoryCheckpointStore(Path.Combine(_root, "no-test"));

        var answer = await new TrialTrainer("node-a", new DatasetCache((string?)null), store).RefitAsync(Refit(plan, 2));

        Assert.Null(answer.Error);
        Assert.Null(answer.Test);
        Assert.Equal(240, answer.TrainSamples);
        Assert.Equal(2, (await store.LoadAsync(CheckpointKey.RefitOf("s1")))!.Epoch);
    }

    [Theory]
    [InlineData(0, "at least one epoch")]
    [InlineData(3, "dataset")]
    public async Task A_refit_that_cannot_be_done_answers_why(int epochs, string mention)
    {
        var plan = epochs == 0 ? Plan() : Plan() with { Data = new DataOptions { Dataset = "no-such-dataset" } };
        var answer = await new TrialTrainer("node-a", new DatasetCache((string?)null), new DirectoryCheckpointStore(Path.Combine(_root, "bad")))
            .RefitAsync(Refit(plan, epochs));
        Assert.Null(answer.Test);
        Assert.Contains(mention, answer.Error);
    }
}
