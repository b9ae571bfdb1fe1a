using Hpo.Engine.Options;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Specs;

/// <summary>The sweeps in examples/ parse into what they say, and every trial they sample builds.</summary>
public class SweepExampleTests
{
    public static TheoryData<string> Files() => new(ExampleSpecTests.Names(sweeps: true));

    private static SweepSpec Load(string name) => SweepSpecParser.ParseFile(Path.Combine(ExampleSpecTests.ExamplesPath(), name));

    [Fact]
    public void There_are_the_documented_sweeps() =>
        Assert.Superset(new HashSet<string> { "digits-asha.yaml", "digits-sweep-small.yaml" }, ExampleSpecTests.Names(sweeps: true).ToHashSet());

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_sampled_trial_of_an_example_builds(string file)
    {
        var sweep = Load(file);
        var sampler = new RandomSampler(sweep.Space, 3);
        for (int i = 0; i < 50; i++)
        {
            var trial = sweep.Materialize(sampler.Next([]));
            Assert.Equal(sweep.MaxEpochs, trial.Training.MaxEpochs);
            Assert.Equal(sweep.Objective, trial.Objective);
        }
    }

    [Fact]
    public void The_spec_md_sweep_holds_its_search_space_and_asha_settings()
    {
        var sweep = Load("digits-asha.yaml");
        Assert.Equal("digits-asha", sweep.Name);
        Assert.Equal(42, sweep.Seed);
        Assert.Equal("digits", sweep.Data.Dataset);
        Assert.Equal(new ObjectiveSpec("val_accuracy", ObjectiveMode.Max), sweep.Objective);
        Assert.Equal(
            ["model.layers", "model.units", "model.activation", "model.init", "model.bias_init", "model.batch_norm", "model.dropout",
             "training.optimizer", "training.learning_rate", "training.batch_size", "training.schedule", "training.clip_norm", "training.input_scaling"],
            sweep.Space.Parameters.Select(p => p.Path));
        Assert.Equal(SearchDomain.Int(1, 4), sweep.Space.Find("model.layers")!.Domain);
        Assert.Equal(SearchDomain.Float(1e-4, 1e-1, log: true), sweep.Space.Find("training.learning_rate")!.Domain);
        Assert.Equal(SearchDomain.Choice(ParamValue.Null, ParamValue.Of(1.0)), sweep.Space.Find("training.clip_norm")!.Domain);
        Assert.Equal(SearchDomain.Choice(ParamValue.Of(0.0), ParamValue.Of(0.1)), sweep.Space.Find("model.bias_init")!.Domain);
        Assert.Equal(SearchDomain.Choice(ParamValue.Of(16L), ParamValue.Of(32L), ParamValue.Of(64L), ParamValue.Of(128L)),
            sweep.Space.Find("training.batch_size")!.Domain);

        var s = sweep.Search;
        Assert.Equal((SamplerKind.Random, SchedulerKind.Asha, 3, 1, 27, 27, 4), (s.Sampler, s.Scheduler, s.ReductionFactor, s.MinEpochs, s.MaxEpochs, s.MaxTrials, s.MaxConcurrent));
        Assert.Null(s.EarlyStopping); // ASHA does the stopping: SPEC.md's patience rule stopped the best before 27 epochs
        Assert.Null(s.TimeBudget);

        Assert.Equal(0.9, sweep.Training.Options.Momentum);
        Assert.True(sweep.Training.Options.BalancedClassWeights);
        Assert.Equal(LossKind.CategoricalCrossEntropy, sweep.Training.Options.Loss);
    }

    [Fact]
    public void The_small_sweep_searches_widths_per_layer_and_momentum_only_for_momentum_optimisers()
    {
        var sweep = Load("digits-sweep-small.yaml");
        Assert.Equal(["model.layers", "model.units.1", "model.units.2", "model.units.3", "training.optimizer", "training.learning_rate", "training.momentum"],
            sweep.Space.Parameters.Select(p => p.Path));
        Assert.Equal(new SearchCondition("model.layers", ParamValue.Of(1L), ParamValue.Of(2L), ParamValue.Of(3L)),
            sweep.Space.Find("model.units.1")!.Condition);
        Assert.Equal(new SearchCondition("model.layers", ParamValue.Of(3L)), sweep.Space.Find("model.units.3")!.Condition);
        Assert.Equal(new SearchCondition("training.optimizer", ParamValue.Of("momentum"), ParamValue.Of("nesterov")),
            sweep.Space.Find("training.momentum")!.Condition);
        var s = sweep.Search;
        Assert.Equal((SamplerKind.Tpe, SchedulerKind.HyperbandAsync, 12, TimeSpan.FromMinutes(5)), (s.Sampler, s.Scheduler, s.MaxTrials, s.TimeBudget));
        Assert.Equal(new TpeOptions { NStartup = 5, Candidates = 24, Gamma = 0.25 }, s.Tpe);
        Assert.IsType<TpeSampler>(sweep.CreateSampler());

        var trial = sweep.Materialize(new TrialConfig([
            new("model.layers", ParamValue.Of(2L)), new("model.units.1", ParamValue.Of(128L)), new("model.units.2", ParamValue.Of(32L)),
            new("training.optimizer", ParamValue.Of("nesterov")), new("training.learning_rate", ParamValue.Of(0.003)),
            new("training.momentum", ParamValue.Of(0.95))]));
        Assert.Equal([128, 32], trial.Model.HiddenUnits);
        Assert.Equal(ActivationKind.Relu, trial.Model.Activation);
        Assert.Equal((OptimizerKind.Nesterov, 0.003, 0.95), (trial.Training.Optimizer, trial.Training.LearningRate, trial.Training.Momentum));
        Assert.Equal(7, trial.Training.Seed);
    }
}
