using System.Text.Json.Nodes;
using Hpo.Engine.Data;
using Hpo.Engine.Persistence;
using Hpo.Worker.Checkpoints;

namespace Hpo.Coordinator.Tests.Cli;

/// <summary>`hpo run` with <c>search.refit: true</c> end to end: real training on digits with a test split.</summary>
[Trait("Category", "Integration")]
public sealed class RunRefitTests
{
    private const string Spec = """
        name: digits-refit
        seed: 3
        data: {dataset: digits, validation: 0.2, test: 0.2}
        objective: val_accuracy
        model: {layers: 1, units: {choice: [32, 64]}}
        training:
          learning_rate: {loguniform: [1.0e-3, 1.0e-2]}
          max_epochs: 9
        search: {sampler: random, scheduler: asha, reduction_factor: 3, min_epochs: 1, max_trials: 4, refit: true}
        """;

    [Fact]
    public async Task With_refit_the_json_line_and_the_leaderboard_carry_the_refit_and_save_best_writes_the_refit_model()
    {
        using var dir = new TempDir();
        var spec = dir.Write("digits.yaml", Spec);
        var state = Path.Combine(dir.Path, "state");
        var saved = Path.Combine(dir.Path, "best.hpo");
        // The sweep's split: the spec's seed is its split seed.
        var split = DataLoader.LoadSplit(new DataOptions { Dataset = "digits", Validation = 0.2, Test = 0.2, SplitSeed = 3 });
        int trainSamples = split.Train.Samples + split.Validation.Samples;
        int testSamples = split.Test!.Samples;

        var run = await CliRun.Of("run", spec, "--data-dir", state, "--slots", "2", "--json", "--save-best", saved);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var best = JsonNode.Parse(run.LastLine)!["best"]!.AsObject();
        int trial = (int)best["trial"]!;
        var refit = best["refit"]!.AsObject();
        int epochs = (int)refit["epochs"]!;
        Assert.InRange(epochs, 1, (int)best["epochs"]!);
        Assert.Equal(trainSamples, (int)refit["train_samples"]!);
        Assert.Equal(testSamples, (int)refit["samples"]!);
        double accuracy = (double)refit["accuracy"]!;
        Assert.True(accuracy > 0.5 && accuracy <= 1, $"refit test accuracy {accuracy}");
        Assert.True((double)refit["loss"]! > 0);
        // The best trial's own test figures are still there, beside the refit's.
        Assert.Equal(testSamples, (int)best["test"]!["samples"]!);
        Assert.Contains($"refit of trial {trial} on training + validation ({trainSamples} samples, {epochs} epochs) on the test set ({testSamples} samples): accuracy ", run.Stdout);

        // --save-best wrote the refit model: trained on training + validation, at the refit's epochs, with its test figures.
        Assert.Contains($"saved the refit model of the best trial ({trial}; training + validation, {epochs} epochs)", run.Stderr);
        var bytes = await File.ReadAllBytesAsync(saved);
        var model = ModelFile.ReadCheckpoint(new MemoryStream(bytes), saved, RefitSplit.Of(split));
        Assert.Equal(epochs, model.Epoch);
        var figures = model.Evaluate(split.Test);
        Assert.Equal((double)refit["loss"]!, figures.Loss, 6);
        Assert.Equal(accuracy, figures.Accuracy!.Value, 6);
        var trialModel = await new DirectoryCheckpointStore(Path.Combine(state, "checkpoints")).LoadAsync(new CheckpointKey("digits-refit", trial));
        Assert.NotEqual(trialModel!.Data, bytes);

        // A resumed (recovered) finished sweep shows the journaled refit, without training it again.
        var resumed = await CliRun.Of("run", spec, "--data-dir", state, "--resume", "--json");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(refit.ToJsonString(), JsonNode.Parse(resumed.LastLine)!["best"]!["refit"]!.ToJsonString());
        Assert.DoesNotContain("refitting the best trial", resumed.Stdout);
    }
}
