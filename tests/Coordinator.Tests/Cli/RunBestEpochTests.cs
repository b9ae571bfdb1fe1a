using System.Text.Json.Nodes;
using Hpo.Engine.Data;
using Hpo.Engine.Persistence;
using Hpo.Worker.Checkpoints;

namespace Hpo.Coordinator.Tests.Cli;

/// <summary>
/// `hpo run --save-best` under <c>objective.scope: best</c> with the winner's best epoch before its last: the saved
/// model is the winner at its objective epoch, stored when the sweep ended, and scores on validation what it reported.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RunBestEpochTests
{
    // A high learning rate on a small noisy regression: validation error bottoms out early, then the trials overfit.
    internal const string Spec = """
        name: diabetes-best-epoch
        seed: 5
        data: {dataset: diabetes, validation: 0.2}
        task: regression
        objective: {metric: val_mae, mode: min, scope: best}
        model: {units: 64}
        training:
          learning_rate: {choice: [0.05, 0.1]}
          input_scaling: standardize
          target_scaling: standardize
          max_epochs: 12
        search: {sampler: random, scheduler: fifo, max_trials: 2}
        """;

    [Fact]
    public async Task Save_best_writes_the_winner_at_its_best_epoch_whose_validation_error_is_its_recorded_objective()
    {
        using var dir = new TempDir();
        var spec = dir.Write("diabetes.yaml", Spec);
        var state = Path.Combine(dir.Path, "state");
        var saved = Path.Combine(dir.Path, "best.hpo");

        var run = await CliRun.Of("run", spec, "--data-dir", state, "--slots", "2", "--json", "--save-best", saved);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var best = JsonNode.Parse(run.LastLine)!["best"]!.AsObject();
        int trial = (int)best["trial"]!, objectiveEpoch = (int)best["objective_epoch"]!, epochs = (int)best["epochs"]!;
        Assert.True(objectiveEpoch < epochs, $"the best epoch ({objectiveEpoch}) should come before the last ({epochs}): {best}");
        Assert.Contains($"saved the model of the best trial ({trial}) at its objective epoch ({objectiveEpoch}) to {saved}", run.Stderr);

        // The saved model is the winner at its objective epoch: its validation error is the objective the journal recorded.
        var split = DataLoader.LoadSplit(new DataOptions { Dataset = "diabetes", Validation = 0.2, SplitSeed = 5 });
        var bytes = await File.ReadAllBytesAsync(saved);
        var model = ModelFile.ReadCheckpoint(new MemoryStream(bytes), saved, split);
        Assert.Equal(objectiveEpoch, model.Epoch);
        double objective = (double)best["objective"]!;
        double mae = model.Evaluate(split.Validation).Mae!.Value;
        Assert.True(Math.Abs(mae - objective) <= 1e-5 * Math.Max(1, Math.Abs(objective)), $"validation mae {mae}, recorded objective {objective}");
        // The trial's own checkpoint is still its last epoch's: another model.
        var last = await new DirectoryCheckpointStore(Path.Combine(state, "checkpoints")).LoadAsync(new CheckpointKey("diabetes-best-epoch", trial));
        Assert.Equal(epochs, last!.Epoch);
        Assert.NotEqual(last.Data, bytes);

        // A resumed (recovered) finished sweep saves the same stored model without building it again.
        var again = Path.Combine(dir.Path, "again.hpo");
        var resumed = await CliRun.Of("run", spec, "--data-dir", state, "--resume", "--save-best", again);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(again));
        Assert.DoesNotContain("storing the best trial's model", resumed.Stdout);
    }
}
