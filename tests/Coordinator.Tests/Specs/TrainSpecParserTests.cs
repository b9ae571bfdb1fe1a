using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Specs;

public class TrainSpecParserTests
{
    private static TrainSpec Parse(string yaml, string? baseDirectory = null) =>
        TrainSpecParser.Parse(yaml, "test.yaml", baseDirectory);

    [Fact]
    public void Maps_every_key_into_the_engine_options()
    {
        var spec = Parse("""
            name: full
            seed: 42
            data:
              dataset: blobs
              samples: 500
              features: 4
              centers: 3
              cluster_std: 1.5
              validation: 0.25
              test: 0.1
            task: classification
            objective: {metric: val_accuracy, mode: max}
            model:
              layers: 3
              units: 64
              activation: leaky_relu
              activation_alpha: 0.2
              init: glorot_uniform
              init_scale: 0.1
              bias_init: 0.1
              batch_norm: after
              batch_norm_momentum: 0.9
              dropout: 0.25
            training:
              loss: categorical_crossentropy
              huber_delta: 2.0
              class_weights: [1, 2, 0.5]
              optimizer: adamw
              learning_rate: 0.01
              momentum: 0.8
              beta1: 0.85
              beta2: 0.995
              epsilon: 1.0e-8
              rho: 0.95
              weight_decay: 0.001
              l1: 0.0001
              l2: 0.0002
              batch_size: 64
              shuffle: false
              schedule: {kind: cosine_restarts, period: 5, period_multiplier: 2, min_learning_rate: 1.0e-5}
              warmup_epochs: 2
              clip_norm: 1.0
              clip_value: 0.5
              input_scaling: normalize
              target_scaling: none
              max_epochs: 40
              early_stopping: {monitor: val_loss, patience: 7, min_delta: 0.001, restore_best_weights: false}
              pretraining: none
            """);

        Assert.Equal("full", spec.Name);
        Assert.Equal(42, spec.Seed);
        Assert.Equal(TaskKind.Classification, spec.Task);
        Assert.Equal(new ObjectiveSpec("val_accuracy", ObjectiveMode.Max), spec.Objective);

        var d = spec.Data;
        Assert.Equal(("blobs", 500, 4, 3, 1.5), (d.Dataset, d.Samples, d.Features, d.Centers, d.ClusterStd));
        Assert.Equal((0.25, 0.1, 42, 42), (d.Validation, d.Test, d.DataSeed, d.SplitSeed));
        Assert.Equal(TaskKind.Classification, d.Task);
        Assert.Null(d.Csv);

        var m = spec.Model;
        Assert.Equal([64, 64, 64], m.HiddenUnits);
        Assert.Equal(ActivationKind.LeakyRelu, m.Activation);
        Assert.Equal(0.2f, m.ActivationAlpha);
        Assert.Equal(InitKind.GlorotUniform, m.Init);
        Assert.Equal((0.1f, 0.1f), (m.InitScale, m.BiasInit));
        Assert.Equal(BatchNormPlacement.After, m.BatchNorm);
        Assert.Equal((0.9f, 0.25f), (m.BatchNormMomentum, m.Dropout));

        var t = spec.Training;
        Assert.Equal(LossKind.CategoricalCrossEntropy, t.Loss);
        Assert.Equal(2f, t.HuberDelta);
        Assert.Equal([1f, 2f, 0.5f], t.ClassWeights!);
        Assert.False(t.BalancedClassWeights);
        Assert.Equal(OptimizerKind.AdamW, t.Optimizer);
        Assert.Equal((0.01, 0.8, 0.85, 0.995, 1e-8, 0.95), (t.LearningRate, t.Momentum, t.Beta1, t.Beta2, t.Epsilon, t.Rho));
        Assert.Equal((0.001, 0.0001, 0.0002), (t.WeightDecay, t.L1, t.L2));
        Assert.Equal((64, false), (t.BatchSize, t.Shuffle));
        Assert.Equal(new ScheduleOptions
        {
            Kind = ScheduleKind.CosineRestarts,
            Period = 5,
            PeriodMultiplier = 2,
            MinLearningRate = 1e-5,
            WarmupEpochs = 2,
        }, t.Schedule);
        Assert.Equal((1.0, 0.5), (t.ClipNorm, t.ClipValue));
        Assert.Equal((ScalingKind.Normalize, ScalingKind.None), (t.InputScaling, t.TargetScaling));
        Assert.Equal((40, 42), (t.MaxEpochs, t.Seed));
        Assert.Equal(new EarlyStoppingOptions
        {
            Monitor = "val_loss",
            Mode = ObjectiveMode.Min,
            Patience = 7,
            MinDelta = 0.001,
            RestoreBestWeights = false,
        }, t.EarlyStopping);
        Assert.Equal(PretrainingKind.None, spec.Pretraining);
        Assert.Null(spec.Transfer);
    }

    [Fact]
    public void A_minimal_spec_keeps_the_engine_defaults()
    {
        var spec = Parse("data: {dataset: iris}");
        Assert.Equal(new ModelOptions().HiddenUnits, spec.Model.HiddenUnits);
        Assert.Equal(new TrainingOptions() with { Schedule = spec.Training.Schedule }, spec.Training);
        Assert.Equal(new ScheduleOptions(), spec.Training.Schedule);
        Assert.Equal(new DataOptions { Dataset = "iris" }, spec.Data);
        Assert.Null(spec.Name);
        Assert.Null(spec.Objective);
        Assert.Equal(new ObjectiveSpec("val_accuracy", ObjectiveMode.Max), spec.ObjectiveOrDefault);
        Assert.Equal(TaskKind.Classification, spec.Task);
    }

    [Theory]
    [InlineData("layers: 2\n  units: 32", new[] { 32, 32 })]
    [InlineData("units: 32", new[] { 32 })]
    [InlineData("layers: 3", new[] { 64, 64, 64 })]
    [InlineData("layers: 0", new int[0])]
    [InlineData("units: [128, 64]", new[] { 128, 64 })]
    [InlineData("layers: 2\n  units: [128, 64]", new[] { 128, 64 })]
    [InlineData("hidden: [10, 20, 30]", new[] { 10, 20, 30 })]
    [InlineData("hidden: []", new int[0])]
    public void Layers_and_units_combine_into_hidden_widths(string model, int[] widths)
    {
        var spec = Parse($"data: {{dataset: digits}}\nmodel:\n  {model}\n");
        Assert.Equal(widths, spec.Model.HiddenUnits);
    }

    [Theory]
    [InlineData("true", BatchNormPlacement.Before)]
    [InlineData("false", BatchNormPlacement.None)]
    [InlineData("before", BatchNormPlacement.Before)]
    [InlineData("None", BatchNormPlacement.None)]
    public void Batch_norm_takes_placements_and_booleans(string value, BatchNormPlacement expected) =>
        Assert.Equal(expected, Parse($"data: {{dataset: digits}}\nmodel: {{batch_norm: {value}}}").Model.BatchNorm);

    [Fact]
    public void Full_batch_is_zero_and_schedule_names_are_kinds()
    {
        var t = Parse("data: {dataset: digits}\ntraining: {batch_size: full, schedule: exponential, class_weights: balanced}").Training;
        Assert.Equal(0, t.BatchSize);
        Assert.Equal(ScheduleKind.Exponential, t.Schedule.Kind);
        Assert.True(t.BalancedClassWeights);
        Assert.Null(t.ClassWeights);
    }

    [Fact]
    public void Warmup_shortcut_fills_the_schedule_whatever_the_key_order()
    {
        var t = Parse("data: {dataset: digits}\ntraining:\n  warmup_epochs: 3\n  schedule: step\n").Training;
        Assert.Equal(new ScheduleOptions { Kind = ScheduleKind.Step, WarmupEpochs = 3 }, t.Schedule);
    }

    [Fact]
    public void Early_stopping_defaults_to_the_objective()
    {
        var t = Parse("data: {dataset: diabetes}\nobjective: {metric: val_r2}\ntraining: {early_stopping: {patience: 3}}").Training;
        Assert.Equal(("val_r2", ObjectiveMode.Max, 3), (t.EarlyStopping!.Monitor, t.EarlyStopping.Mode, t.EarlyStopping.Patience));

        var plain = Parse("data: {dataset: digits}\ntraining: {early_stopping: true}").Training.EarlyStopping!;
        Assert.Equal(("val_loss", ObjectiveMode.Min), (plain.Monitor, plain.Mode));

        var monitored = Parse("data: {dataset: digits}\ntraining: {early_stopping: {monitor: accuracy}}").Training.EarlyStopping!;
        Assert.Equal(("accuracy", ObjectiveMode.Max), (monitored.Monitor, monitored.Mode));

        Assert.Null(Parse("data: {dataset: digits}\ntraining: {early_stopping: null}").Training.EarlyStopping);
    }

    [Fact]
    public void Objective_may_be_just_a_metric_name()
    {
        Assert.Equal(new ObjectiveSpec("val_mae", ObjectiveMode.Min), Parse("data: {dataset: diabetes}\nobjective: val_mae").Objective);
        Assert.Equal(new ObjectiveSpec("val_loss", ObjectiveMode.Min), Parse("data: {dataset: diabetes}").ObjectiveOrDefault);
    }

    [Fact]
    public void Seed_fills_data_seeds_unless_given()
    {
        var d = Parse("seed: 9\ndata: {dataset: moons, data_seed: 3}").Data;
        Assert.Equal((3, 9), (d.DataSeed, d.SplitSeed));
        var noSeed = Parse("data: {dataset: moons}");
        Assert.Equal((1, 1, 1), (noSeed.Data.DataSeed, noSeed.Data.SplitSeed, noSeed.Training.Seed));
    }

    [Fact]
    public void Csv_path_resolves_against_the_spec_directory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hpo-spec-test");
        var spec = Parse("data:\n  csv: data/houses.csv\n  target: price\n  header: true\ntask: regression\n", dir);
        Assert.Equal(Path.Combine(dir, "data", "houses.csv"), spec.Data.Csv);
        Assert.Equal(("price", true), (spec.Data.Target, spec.Data.Header));
        Assert.Equal(TaskKind.Regression, spec.Task);
        Assert.Equal(TaskKind.Regression, spec.Data.Task);

        var byIndex = Parse("data: {csv: /abs/file.csv, target: 0}", dir);
        Assert.Equal(("/abs/file.csv", "0"), (byIndex.Data.Csv, byIndex.Data.Target));
        Assert.Null(byIndex.Task);
    }

    [Fact]
    public void Csv_path_stays_as_written_without_a_base_directory() =>
        Assert.Equal("rel/file.csv", Parse("data: {csv: rel/file.csv}").Data.Csv);

    [Fact]
    public void ParseFile_reads_relative_to_the_file()
    {
        var dir = Directory.CreateTempSubdirectory("hpo-spec");
        try
        {
            var file = Path.Combine(dir.FullName, "m.yaml");
            File.WriteAllText(file, "data: {csv: d.csv}\ntraining: {transfer: {from: base.model, freeze: 1}, max_epochs: 2}\n");
            var spec = TrainSpecParser.ParseFile(file);
            Assert.Equal(Path.Combine(dir.FullName, "d.csv"), spec.Data.Csv);
            Assert.Equal(new TransferSpec(Path.Combine(dir.FullName, "base.model"), 1), spec.Transfer);
            Assert.Equal(file, spec.SourceName);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void ParseFile_of_a_missing_file_is_a_spec_error()
    {
        var e = Assert.Throws<SpecException>(() => TrainSpecParser.ParseFile("/no/such/spec.yaml"));
        Assert.StartsWith("/no/such/spec.yaml: cannot read the spec", e.Message);
    }

    [Fact]
    public void Pretraining_is_kept_on_the_spec()
    {
        var spec = Parse("data: {dataset: digits}\nmodel: {layers: 2}\ntraining: {pretraining: autoencoder}");
        Assert.Equal(PretrainingKind.Autoencoder, spec.Pretraining);
    }

    [Fact]
    public void Records_the_line_of_every_key()
    {
        var spec = Parse("data:\n  dataset: digits\ntraining:\n  schedule:\n    kind: step\n  batch_size: 64\n");
        Assert.True(spec.Locations.TryGet("training.batch_size", out var at));
        Assert.Equal((6, 15), (at.Line, at.Column));
        Assert.Equal(5, spec.Locations.Find("training.schedule.kind").Line);
        Assert.Equal(4, spec.Locations.Find("training.schedule").Line);
        Assert.Equal(3, spec.Locations.Find("training.max_epochs").Line);
    }

    [Fact]
    public void Accepts_json()
    {
        var spec = TrainSpecParser.Parse("""
            {
              "name": "iris-json",
              "seed": 11,
              "data": {"dataset": "iris", "validation": 0.3},
              "model": {"hidden": [16, 8], "activation": "tanh", "batch_norm": false},
              "training": {"optimizer": "sgd", "learning_rate": 0.05, "batch_size": "full",
                           "clip_norm": null, "max_epochs": 50, "early_stopping": {"patience": 4}}
            }
            """, "spec.json");
        Assert.Equal("iris-json", spec.Name);
        Assert.Equal([16, 8], spec.Model.HiddenUnits);
        Assert.Equal(ActivationKind.Tanh, spec.Model.Activation);
        Assert.Equal(BatchNormPlacement.None, spec.Model.BatchNorm);
        Assert.Equal((OptimizerKind.Sgd, 0.05, 0, 50), (spec.Training.Optimizer, spec.Training.LearningRate, spec.Training.BatchSize, spec.Training.MaxEpochs));
        Assert.Null(spec.Training.ClipNorm);
        Assert.Equal(4, spec.Training.EarlyStopping!.Patience);
        Assert.Equal(11, spec.Training.Seed);
    }

    [Fact]
    public void Json_errors_name_path_and_line()
    {
        var e = Assert.Throws<SpecException>(() => TrainSpecParser.Parse(
            "{\n  \"data\": {\"dataset\": \"digits\"},\n  \"training\": {\n    \"learning_rate\": \"0.1\"\n  }\n}", "spec.json"));
        var error = Assert.Single(e.Errors);
        Assert.Equal(("training.learning_rate", 4), (error.Path, error.Line));
        Assert.Equal("spec.json:4: training.learning_rate: must be a number > 0 (got \"0.1\", a string)", e.Message);
    }
}
