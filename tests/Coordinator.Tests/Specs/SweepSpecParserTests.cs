using Hpo.Engine.Options;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Specs;

/// <summary>Sweeps parse into the search space and options they describe; Materialize builds each trial's spec.</summary>
public class SweepSpecParserTests
{
    private static SweepSpec Parse(string yaml) => SweepSpecParser.Parse(yaml, "sweep.yaml");

    private static TrialConfig Config(params (string Path, ParamValue Value)[] values) =>
        new(values.Select(v => new KeyValuePair<string, ParamValue>(v.Path, v.Value)));

    private static ParamValue I(long v) => ParamValue.Of(v);
    private static ParamValue F(double v) => ParamValue.Of(v);
    private static ParamValue T(string v) => ParamValue.Of(v);

    [Fact]
    public void Collects_every_error_of_a_document_in_order()
    {
        var e = Assert.Throws<SpecException>(() => Parse("""
            data: {dataset: digits}
            model:
              layers: {int: [4, 1]}
              activation: {choice: [relu, swishy]}
            training:
              learning_rate: {loguniform: [0, 1]}
            search:
              sampler: bayes
              reduction_factor: 1
            """));
        Assert.Equal(
            [("model.layers.int", 3), ("model.activation.choice[1]", 4), ("training.learning_rate.loguniform[0]", 6),
             ("search.sampler", 8), ("search.reduction_factor", 9)],
            e.Errors.Select(x => (x.Path, x.Line)));
    }

    [Fact]
    public void The_same_sweep_in_json_gives_the_same_space_and_options()
    {
        var yaml = Parse("""
            data: {dataset: iris}
            model:
              layers: {int: [1, 3]}
              units: {per_layer: {logint: [8, 64]}}
            training:
              optimizer: {choice: [sgd, momentum]}
              momentum: {uniform: [0.5, 0.99], when: {optimizer: momentum}}
              max_epochs: 9
            search: {sampler: sobol, scheduler: hyperband, reduction_factor: 3, time_budget: 1h30m}
            """);
        var json = Parse("""
            {"data": {"dataset": "iris"},
             "model": {"layers": {"int": [1, 3]}, "units": {"per_layer": {"logint": [8, 64]}}},
             "training": {"optimizer": {"choice": ["sgd", "momentum"]},
                          "momentum": {"uniform": [0.5, 0.99], "when": {"optimizer": "momentum"}},
                          "max_epochs": 9},
             "search": {"sampler": "sobol", "scheduler": "hyperband", "reduction_factor": 3, "time_budget": "1h30m"}}
            """);
        Assert.Equal(yaml.Space.Parameters, json.Space.Parameters);
        Assert.Equal(yaml.Search, json.Search);
        Assert.Equal(TimeSpan.FromMinutes(90), json.Search.TimeBudget);
        Assert.Equal(6, json.Space.Dimensions);
    }

    [Fact]
    public void Search_defaults_fifo_random_twenty_trials_and_a_grace_period_of_min_epochs()
    {
        var s = Parse("data: {dataset: digits}\ntraining: {max_epochs: 12}\nsearch: {min_epochs: 2}\n").Search;
        Assert.Equal((SamplerKind.Random, SchedulerKind.Fifo, 3, 2, 12, 2), (s.Sampler, s.Scheduler, s.ReductionFactor, s.MinEpochs, s.MaxEpochs, s.GracePeriod));
        Assert.Equal(SearchOptions.DefaultMaxTrials, s.MaxTrials);
        Assert.Null(s.MaxConcurrent);
        Assert.Null(s.EarlyStopping);

        Assert.Null(Parse("data: {dataset: digits}\nsearch: {sampler: grid}\n").Search.MaxTrials);
        Assert.Null(Parse("data: {dataset: digits}\nsearch: {time_budget: 90s}\n").Search.MaxTrials);
        Assert.Equal(20, Parse("data: {dataset: digits}\n").Search.MaxEpochs);
    }

    [Theory]
    [InlineData("scheduler: hyperband", SchedulerKind.Hyperband)]
    [InlineData("scheduler: hyperband\n  variant: sync", SchedulerKind.Hyperband)]
    [InlineData("scheduler: hyperband\n  variant: async", SchedulerKind.HyperbandAsync)]
    [InlineData("scheduler: hyperband_async", SchedulerKind.HyperbandAsync)]
    [InlineData("scheduler: asha_stop", SchedulerKind.AshaStop)]
    [InlineData("scheduler: median\n  grace_period: 3", SchedulerKind.Median)]
    [InlineData("scheduler: sha", SchedulerKind.SuccessiveHalving)]
    public void Reads_each_scheduler(string yaml, SchedulerKind kind) =>
        Assert.Equal(kind, Parse($"data: {{dataset: digits}}\nsearch:\n  {yaml}\n").Search.Scheduler);

    [Fact]
    public void Reads_every_search_key()
    {
        var s = Parse("""
            data: {dataset: digits}
            training: {max_epochs: 81}
            search:
              sampler: sobol
              scheduler: hyperband
              reduction_factor: 3
              min_epochs: 1
              grace_period: 4
              brackets: 5
              max_trials: 200
              max_concurrent: 8
              max_total_epochs: 5000
              time_budget: 2h
              early_stopping: true
              grid_points: 4
              scramble: false
              tpe: {n_startup: 7, candidates: 50, gamma: 0.2}
            """).Search;
        Assert.Equal(new SearchOptions
        {
            Sampler = SamplerKind.Sobol,
            Scheduler = SchedulerKind.Hyperband,
            ReductionFactor = 3,
            MinEpochs = 1,
            MaxEpochs = 81,
            GracePeriod = 4,
            Brackets = 5,
            MaxTrials = 200,
            MaxConcurrent = 8,
            MaxTotalEpochs = 5000,
            TimeBudget = TimeSpan.FromHours(2),
            EarlyStopping = new TrialPatience(),
            GridPoints = 4,
            Scramble = false,
            Tpe = new TpeOptions { NStartup = 7, Candidates = 50, Gamma = 0.2 },
        }, s);
        Assert.Equal(5, s.MaxBrackets);
    }

    [Fact]
    public void Materialize_puts_each_sampled_value_into_the_engine_options()
    {
        var sweep = SweepSpecParser.Parse(File.ReadAllText(Path.Combine(ExampleSpecTests.ExamplesPath(), "digits-asha.yaml")), "digits-asha.yaml");
        var trial = sweep.Materialize(Config(
            ("model.layers", I(3)), ("model.units", I(128)), ("model.activation", T("elu")), ("model.init", T("glorot_uniform")),
            ("model.bias_init", F(0.1)), ("model.batch_norm", T("after")), ("model.dropout", F(0.25)),
            ("training.optimizer", T("nesterov")), ("training.learning_rate", F(0.02)), ("training.batch_size", I(64)),
            ("training.schedule", T("cosine")), ("training.clip_norm", F(1.0)), ("training.input_scaling", T("normalize"))));

        Assert.Equal([128, 128, 128], trial.Model.HiddenUnits);
        Assert.Equal(ActivationKind.Elu, trial.Model.Activation);
        Assert.Equal(InitKind.GlorotUniform, trial.Model.Init);
        Assert.Equal(0.1f, trial.Model.BiasInit);
        Assert.Equal(BatchNormPlacement.After, trial.Model.BatchNorm);
        Assert.Equal(0.25f, trial.Model.Dropout);
        var t = trial.Training;
        Assert.Equal((OptimizerKind.Nesterov, 0.02, 0.9, 64), (t.Optimizer, t.LearningRate, t.Momentum, t.BatchSize));
        Assert.Equal(ScheduleKind.Cosine, t.Schedule.Kind);
        Assert.Equal(1.0, t.ClipNorm);
        Assert.Equal(ScalingKind.Normalize, t.InputScaling);
        Assert.Equal(ScalingKind.None, t.TargetScaling); // regression only; ignored for a classifier
        Assert.Equal((LossKind.CategoricalCrossEntropy, true, 27, 42), (t.Loss, t.BalancedClassWeights, t.MaxEpochs, t.Seed));
        Assert.Equal((42, 42), (trial.Data.DataSeed, trial.Data.SplitSeed));
        Assert.Equal(TaskKind.Classification, trial.Task);

        var other = sweep.Materialize(Config(
            ("model.layers", I(1)), ("model.units", I(32)), ("model.activation", T("tanh")), ("model.init", T("he_uniform")),
            ("model.bias_init", F(0.0)), ("model.batch_norm", T("none")), ("model.dropout", F(0.0)),
            ("training.optimizer", T("adam")), ("training.learning_rate", F(1e-4)), ("training.batch_size", I(16)),
            ("training.schedule", T("step")), ("training.clip_norm", ParamValue.Null), ("training.input_scaling", T("none"))));
        Assert.Equal([32], other.Model.HiddenUnits);
        Assert.Null(other.Training.ClipNorm);
        Assert.Equal((OptimizerKind.Adam, ScheduleKind.Step), (other.Training.Optimizer, other.Training.Schedule.Kind));
    }

    [Fact]
    public void A_sweep_without_search_spaces_has_one_empty_configuration_building_what_hpo_train_builds()
    {
        const string body = """
            seed: 5
            data: {dataset: iris, validation: 0.25}
            model: {layers: 2, units: 16, activation: tanh}
            training: {optimizer: momentum, learning_rate: 0.05, max_epochs: 8}
            """;
        var sweep = Parse(body + "\nsearch: {max_trials: 3}\n");
        Assert.True(sweep.Space.IsEmpty);
        Assert.Equal(TrialConfig.Empty, sweep.ConfigFromFixed());
        var sampler = sweep.CreateSampler();
        Assert.Equal(TrialConfig.Empty, sampler.Next([]));
        Assert.Null(sampler.Next([]));

        var trial = sweep.Materialize(sweep.ConfigFromFixed());
        var train = TrainSpecParser.Parse(body, "train.yaml");
        Assert.Equal(train.Model.HiddenUnits, trial.Model.HiddenUnits);
        Assert.Equal(train.Model with { HiddenUnits = [] }, trial.Model with { HiddenUnits = [] });
        Assert.Equal(train.Training with { EarlyStopping = null }, trial.Training with { EarlyStopping = null });
        Assert.Equal(train.Data, trial.Data);

        Assert.Throws<InvalidOperationException>(() => Parse("data: {dataset: iris}\nmodel: {layers: {int: [1, 2]}}\n").ConfigFromFixed());
    }

    [Fact]
    public void Per_layer_widths_follow_the_sampled_depth()
    {
        var sweep = Parse("""
            data: {dataset: digits}
            model:
              layers: {choice: [0, 2, 4]}
              units: {per_layer: {choice: [32, 64, 128]}}
            """);
        Assert.Equal(["model.layers", "model.units.1", "model.units.2", "model.units.3", "model.units.4"], sweep.Space.Parameters.Select(p => p.Path));
        Assert.Equal(new SearchCondition("model.layers", I(2), I(4)), sweep.Space.Find("model.units.2")!.Condition);
        Assert.Equal(new SearchCondition("model.layers", I(4)), sweep.Space.Find("model.units.3")!.Condition);

        var two = sweep.Materialize(Config(("model.layers", I(2)), ("model.units.1", I(128)), ("model.units.2", I(32))));
        Assert.Equal([128, 32], two.Model.HiddenUnits);
        Assert.Empty(sweep.Materialize(Config(("model.layers", I(0)))).Model.HiddenUnits);

        var e = Assert.Throws<SpecException>(() => sweep.Materialize(Config(("model.layers", I(2)), ("model.units.1", I(128)))));
        Assert.Equal(("model.units.2", 4), (e.First.Path, e.First.Line));
        Assert.Contains("is active but has no value", e.First.Message);
    }

    [Fact]
    public void Per_layer_widths_with_a_fixed_depth_are_all_searched()
    {
        var sweep = Parse("data: {dataset: digits}\nmodel:\n  layers: 3\n  units: {per_layer: {int: [16, 64]}}\n");
        Assert.Equal(["model.units.1", "model.units.2", "model.units.3"], sweep.Space.Parameters.Select(p => p.Path));
        Assert.All(sweep.Space.Parameters, p => Assert.Null(p.Condition));
        Assert.Equal([16, 40, 64],
            sweep.Materialize(Config(("model.units.1", I(16)), ("model.units.2", I(40)), ("model.units.3", I(64)))).Model.HiddenUnits);
    }

    [Fact]
    public void Conditions_take_relative_keys_single_values_integer_parents_and_chains()
    {
        var sweep = Parse("""
            data: {dataset: digits}
            model:
              layers: {int: [1, 4]}
              batch_norm: {choice: [none, before], when: {layers: [3, 4]}}
              batch_norm_momentum: {uniform: [0.8, 0.99], when: {batch_norm: before}}
            training:
              optimizer: {choice: [adam, sgd]}
              learning_rate: {loguniform: [1.0e-4, 1.0e-1], when: {training.optimizer: sgd}}
            """);
        Assert.Equal(new SearchCondition("model.layers", I(3), I(4)), sweep.Space.Find("model.batch_norm")!.Condition);
        Assert.Equal(new SearchCondition("model.batch_norm", T("before")), sweep.Space.Find("model.batch_norm_momentum")!.Condition);
        Assert.Equal(new SearchCondition("training.optimizer", T("sgd")), sweep.Space.Find("training.learning_rate")!.Condition);

        var shallow = sweep.Space.FromUnitPoint([0.1, 0.99, 0.5, 0.1, 0.5]);
        Assert.Equal(["model.layers", "training.optimizer"], shallow.Values.Keys);
        var deep = sweep.Space.FromUnitPoint([0.99, 0.99, 0.5, 0.99, 0.5]);
        Assert.Equal(["model.batch_norm", "model.batch_norm_momentum", "model.layers", "training.learning_rate", "training.optimizer"], deep.Values.Keys);
        Assert.Equal(new ModelOptions().BatchNormMomentum, sweep.Materialize(shallow).Model.BatchNormMomentum); // inactive: the default
        Assert.Equal(BatchNormPlacement.Before, sweep.Materialize(deep).Model.BatchNorm);
    }

    [Fact]
    public void Structured_choices_are_read_by_their_key_and_labelled_in_flow_style()
    {
        var sweep = Parse("""
            data: {dataset: digits}
            model:
              layers: 2
              units: {choice: [[64, 32], [128, 64]]}
            training:
              schedule: {choice: [cosine, {kind: step, drop_every: 5}]}
              class_weights: {choice: [none, balanced]}
            """);
        Assert.Equal(SearchDomain.Choice(T("[64, 32]"), T("[128, 64]")), sweep.Space.Find("model.units")!.Domain);
        Assert.Equal(SearchDomain.Choice(T("cosine"), T("{kind: step, drop_every: 5}")), sweep.Space.Find("training.schedule")!.Domain);
        var trial = sweep.Materialize(Config(("model.units", T("[128, 64]")), ("training.schedule", T("{kind: step, drop_every: 5}")),
            ("training.class_weights", T("balanced"))));
        Assert.Equal([128, 64], trial.Model.HiddenUnits);
        Assert.Equal((ScheduleKind.Step, 5), (trial.Training.Schedule.Kind, trial.Training.Schedule.DropEvery));
        Assert.True(trial.Training.BalancedClassWeights);

        var e = Assert.Throws<SpecException>(() => Parse(
            "data: {dataset: digits}\ntraining:\n  schedule:\n    choice:\n      - constant\n      - {kind: step, drop_every: 0}\n"));
        Assert.Equal(("training.schedule.choice[1].drop_every", 6), (e.First.Path, e.First.Line));
    }

    [Fact]
    public void Generator_keys_of_the_data_may_be_searched()
    {
        var sweep = Parse("data:\n  dataset: blobs\n  centers: {int: [2, 5]}\n");
        var trial = sweep.Materialize(Config(("data.centers", I(4))));
        Assert.Equal(4, trial.Data.Centers);
        Assert.Equal("blobs", trial.Data.Dataset);
    }

    [Fact]
    public void Data_keys_are_checked_against_each_other_per_trial_when_one_is_searched()
    {
        const string fixedData = "data:\n  dataset: classification\n  features: 2\n  informative: 3\n";
        var train = Assert.Throws<SpecException>(() => TrainSpecParser.Parse(fixedData, "train.yaml"));
        Assert.Equal(("data.informative", 4), (train.First.Path, train.First.Line));
        var fixedSweep = Assert.Throws<SpecException>(() => Parse(fixedData));
        Assert.Equal(("data.informative", 4), (fixedSweep.First.Path, fixedSweep.First.Line));

        var sweep = Parse("data:\n  dataset: classification\n  features: {int: [2, 6]}\n  informative: 4\n");
        Assert.Equal(5, sweep.Materialize(Config(("data.features", I(5)))).Data.Features);
        var e = Assert.Throws<SpecException>(() => sweep.Materialize(Config(("data.features", I(2)))));
        Assert.Equal(("data.informative", 4), (e.First.Path, e.First.Line));
        Assert.Contains("must be <= features (2) (got 4)", e.First.Message);
    }

    [Fact]
    public void A_configuration_outside_the_space_is_refused_naming_the_parameter()
    {
        var sweep = Parse("data: {dataset: digits}\nmodel:\n  layers: {int: [1, 4]}\n  dropout: {uniform: [0.0, 0.5]}\n");
        var unknown = Assert.Throws<SpecException>(() => sweep.Materialize(Config(("model.layers", I(2)), ("model.dropout", F(0.1)), ("model.width", I(3)))));
        Assert.Equal("model.width", unknown.First.Path);
        var outside = Assert.Throws<SpecException>(() => sweep.Materialize(Config(("model.layers", I(2)), ("model.dropout", F(0.7)))));
        Assert.Equal(("model.dropout", 4), (outside.First.Path, outside.First.Line));
        Assert.Contains("outside its domain", outside.Message);
        Assert.EndsWith("(trial: model.dropout=0.7, model.layers=2)", outside.Message);
    }

    [Fact]
    public void A_combination_that_fails_the_checks_is_refused_at_the_key_that_breaks()
    {
        var sweep = Parse("""
            data: {dataset: digits}
            training:
              learning_rate: {loguniform: [1.0e-4, 1.0e-1]}
              schedule:
                choice:
                  - constant
                  - {kind: cosine, min_learning_rate: 0.001}
            """);
        var ok = sweep.Materialize(Config(("training.learning_rate", F(0.01)), ("training.schedule", T("{kind: cosine, min_learning_rate: 0.001}"))));
        Assert.Equal(0.001, ok.Training.Schedule.MinLearningRate);
        var e = Assert.Throws<SpecException>(() =>
            sweep.Materialize(Config(("training.learning_rate", F(0.0005)), ("training.schedule", T("{kind: cosine, min_learning_rate: 0.001}")))));
        Assert.Equal("training.schedule.min_learning_rate", e.First.Path);
        Assert.Contains("must be < learning_rate (0.0005)", e.First.Message);
        Assert.Contains("training.learning_rate=0.0005", e.First.Message);
    }

    [Fact]
    public void The_sampler_factory_follows_the_search_section()
    {
        const string space = "data: {dataset: digits}\nmodel: {layers: {int: [1, 3]}}\n";
        Assert.IsType<GridSampler>(Parse(space + "search: {sampler: grid}\n").CreateSampler());
        Assert.IsType<RandomSampler>(Parse(space + "search: {sampler: random}\n").CreateSampler());
        Assert.IsType<SobolSampler>(Parse(space + "search: {sampler: sobol}\n").CreateSampler());
        Assert.IsType<TpeSampler>(Parse(space + "search: {sampler: tpe}\n").CreateSampler());
    }
}
