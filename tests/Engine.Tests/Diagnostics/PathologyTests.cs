using Hpo.Engine.Data;
using Hpo.Engine.Diagnostics;
using Hpo.Engine.Options;
using Hpo.Engine.Tests.Book;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Diagnostics;

/// <summary>
/// The issues log on runs built to show each pathology of Better Deep Learning, and on the healthy set-ups of the
/// same problems (the book's fixes): each sick run reports its kind, each healthy run reports nothing at all.
/// </summary>
public class PathologyTests
{
    private static readonly Dataset Blobs = Generators.Blobs(1000, features: 2, centers: 3, clusterStd: 2.0, seed: 2);
    private static readonly Dataset Circles = Generators.Circles(1000, noise: 0.1, factor: 0.5, seed: 1);
    private static readonly Dataset Regression = Generators.Regression(1000, features: 20, informative: 20, noise: 0.1, seed: 1);
    private static readonly Dataset FewMoons = Generators.Moons(100, noise: 0.3, seed: 2);

    private static readonly TrainingOptions Sgd = new() { Optimizer = OptimizerKind.Sgd, LearningRate = 0.01, BatchSize = 32, MaxEpochs = 30 };
    private static readonly TrainingOptions Momentum = new() { Optimizer = OptimizerKind.Momentum, LearningRate = 0.01, Momentum = 0.9, BatchSize = 32, MaxEpochs = 30 };
    private static readonly TrainingOptions RegressionSgd = Momentum with { Loss = LossKind.Mse, TargetScaling = ScalingKind.Standardize };
    private static readonly ModelOptions Blobs50 = new() { HiddenUnits = [50] };
    private static readonly ModelOptions Regression25 = new() { HiddenUnits = [25], Init = InitKind.HeUniform };
    private static readonly int[] Deep = [5, 5, 5, 5, 5, 5];

    private static IReadOnlyList<IssueKind> Kinds(TrainingSession run) => run.Issues.Select(i => i.Kind).ToArray();

    private static void AssertHealthy(TrainingSession run) =>
        Assert.True(run.Issues.Count == 0, "a healthy run reported: " + string.Join(" | ", run.Issues));

    private static TrainingIssue Single(TrainingSession run, IssueKind kind)
    {
        var found = run.Issues.Where(i => i.Kind == kind).ToArray();
        Assert.True(found.Length == 1, $"expected one {kind} entry, the log holds: " + string.Join(" | ", run.Issues));
        return found[0];
    }

    [Fact]
    public void A_huge_learning_rate_on_regression_diverges_with_exploding_gradients()
    {
        var run = Experiment.Train(Regression, Regression25, RegressionSgd with { Optimizer = OptimizerKind.Sgd, LearningRate = 0.5 });
        Assert.True(run.Diverged);
        var divergence = Single(run, IssueKind.Divergence);
        Assert.Equal(run.Curve[^1].Epoch, divergence.Epoch);
        Assert.Contains("non-finite", divergence.Evidence);
        var exploding = Single(run, IssueKind.ExplodingGradients);
        Assert.True(exploding.Numbers["global_gradient_norm"] > IssueThresholds.Default.ExplodingNormLimit);
        Assert.DoesNotContain(IssueKind.UnscaledTargets, Kinds(run)); // the targets are standardised: the rate alone is to blame
    }

    [Fact]
    public void A_sensible_learning_rate_on_the_same_regression_reports_nothing() =>
        AssertHealthy(Experiment.Train(Regression, Regression25, RegressionSgd));

    [Fact]
    public void A_huge_learning_rate_on_blobs_oscillates()
    {
        // The book's learning-rate experiment: SGD at 5 neither diverges nor learns; the validation loss jumps about.
        var run = Experiment.Train(Blobs, Blobs50, Sgd with { LearningRate = 5.0 });
        Assert.False(run.Diverged);
        var issue = Single(run, IssueKind.OscillatingLoss);
        Assert.True(issue.Numbers["sign_changes"] >= IssueThresholds.Default.OscillationSignChanges);
        Assert.True(issue.Numbers["mean_step"] > IssueThresholds.Default.OscillationStepOfFirst * issue.Numbers["first_loss"]);
    }

    [Fact]
    public void Sensible_learning_rates_on_blobs_report_nothing()
    {
        AssertHealthy(Experiment.Train(Blobs, Blobs50, Sgd));
        AssertHealthy(Experiment.Train(Blobs, Blobs50, Sgd with { Optimizer = OptimizerKind.Adam }));
    }

    [Fact]
    public void Unscaled_regression_targets_are_reported_before_training_and_then_explode()
    {
        var run = Experiment.Train(Regression, Regression25, RegressionSgd with { TargetScaling = ScalingKind.None });
        Assert.Equal(IssueKind.UnscaledTargets, run.Issues[0].Kind);
        Assert.Equal(0, run.Issues[0].Epoch);
        Assert.True(run.Issues[0].Numbers["target_std"] > 100, run.Issues[0].Evidence);
        Assert.Contains(IssueKind.Divergence, Kinds(run));
        Assert.Contains(IssueKind.ExplodingGradients, Kinds(run));
    }

    [Fact]
    public void Clipping_keeps_unscaled_targets_finite_but_the_log_still_names_the_cause()
    {
        var run = Experiment.Train(Regression, Regression25, RegressionSgd with { TargetScaling = ScalingKind.None, ClipNorm = 1.0 });
        Assert.False(run.Diverged);
        Assert.Contains(IssueKind.UnscaledTargets, Kinds(run));
        Assert.DoesNotContain(IssueKind.Divergence, Kinds(run));
    }

    [Fact]
    public void A_deep_sigmoid_network_has_vanishing_gradients_from_the_first_epoch()
    {
        var run = Experiment.Train(Circles, new ModelOptions { HiddenUnits = Deep, Activation = ActivationKind.Sigmoid, Init = InitKind.GlorotUniform },
            Momentum with { MaxEpochs = 10 });
        var issue = Single(run, IssueKind.VanishingGradients);
        Assert.Equal(1, issue.Epoch);
        Assert.True(issue.Numbers["ratio"] < IssueThresholds.Default.VanishingRatio);
        Assert.Equal(run.Curve.Count, issue.Occurrences); // every epoch
        Assert.Equal(run.Curve.Count, issue.LastEpoch);
    }

    [Theory]
    [InlineData(ActivationKind.Relu, InitKind.HeUniform)]
    [InlineData(ActivationKind.Tanh, InitKind.GlorotUniform)]
    public void The_same_depth_with_relu_and_he_or_glorot_tanh_reports_nothing(ActivationKind activation, InitKind init) =>
        AssertHealthy(Experiment.Train(Circles, new ModelOptions { HiddenUnits = Deep, Activation = activation, Init = init }, Momentum with { MaxEpochs = 40 }));

    [Theory]
    [InlineData(ActivationKind.Tanh)]
    [InlineData(ActivationKind.Sigmoid)]
    public void Large_initial_weights_saturate_sigmoid_and_tanh_units(ActivationKind activation)
    {
        var run = Experiment.Train(Circles, new ModelOptions { HiddenUnits = [64, 64], Activation = activation, Init = InitKind.Normal, InitScale = 3f },
            Momentum with { MaxEpochs = 5 });
        var issue = Single(run, IssueKind.SaturatedUnits);
        Assert.Equal(1, issue.Epoch);
        Assert.True(issue.Numbers["saturated_share"] > IssueThresholds.Default.SaturatedShare);
    }

    [Fact]
    public void Relu_units_with_a_large_negative_bias_are_dead_and_nothing_is_learned()
    {
        var run = Experiment.Train(Circles, new ModelOptions { HiddenUnits = [32, 32], Init = InitKind.HeUniform, BiasInit = -5f }, Momentum with { MaxEpochs = 8 });
        var issue = Single(run, IssueKind.DeadRelu);
        Assert.Equal(1, issue.Epoch);
        Assert.Equal(64, issue.Numbers["dead_units"]);
        Assert.Contains("hidden1.relu 32/32", issue.Evidence);
        Assert.Contains(IssueKind.SlowLearning, Kinds(run));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.1f)]
    public void Relu_units_with_a_zero_or_small_positive_bias_report_nothing(float bias) =>
        AssertHealthy(Experiment.Train(Circles, new ModelOptions { HiddenUnits = [32, 32], Init = InitKind.HeUniform, BiasInit = bias }, Momentum with { MaxEpochs = 8 }));

    [Fact]
    public void A_tiny_learning_rate_learns_too_slowly()
    {
        var run = Experiment.Train(Blobs, Blobs50, Sgd with { LearningRate = 1e-6, MaxEpochs = 10 });
        var issue = Single(run, IssueKind.SlowLearning);
        Assert.Equal(IssueThresholds.Default.SlowLearningEpochs, issue.Epoch);
        Assert.True(issue.Numbers["relative_change"] < IssueThresholds.Default.SlowLearningChange);
        Assert.Contains("learning rate 1E-06", issue.Evidence);
    }

    [Fact]
    public void The_same_problem_at_a_sensible_rate_for_as_long_reports_nothing() =>
        AssertHealthy(Experiment.Train(Blobs, Blobs50, Sgd with { MaxEpochs = 10 }));

    private static readonly ModelOptions Wide = new() { HiddenUnits = [256, 256] };
    private static readonly TrainingOptions FullBatchAdam = new() { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, BatchSize = 0, MaxEpochs = 60 };

    [Fact]
    public void A_big_network_on_a_small_dataset_trained_long_over_fits()
    {
        var run = Experiment.Train(FewMoons, Wide, FullBatchAdam, validation: 0.7);
        var issue = Single(run, IssueKind.Overfitting);
        int best = (int)issue.Numbers["best_epoch"];
        Assert.True(issue.Epoch - best >= IssueThresholds.Default.OverfittingPatience);
        Assert.Equal(run.Curve[best - 1].ValLoss, issue.Numbers["best_val_loss"]);
        Assert.True(issue.Numbers["val_loss"] > issue.Numbers["best_val_loss"] * 1.2);
        Assert.True(issue.Numbers["train_loss"] < issue.Numbers["train_loss_at_best"]);
        Assert.True(issue.Occurrences > 10, $"over-fitting should persist: {issue}");
    }

    [Fact]
    public void The_same_network_stopped_early_reports_nothing()
    {
        var run = Experiment.Train(FewMoons, Wide, FullBatchAdam with { EarlyStopping = new EarlyStoppingOptions { Patience = 5 } }, validation: 0.7);
        Assert.True(run.StoppedEarly);
        AssertHealthy(run);
    }

    [Fact]
    public void Inputs_on_a_scale_of_thousands_without_scaling_are_reported_and_blow_up()
    {
        var run = Experiment.Train(ScaleFirstFeature(Blobs, 1000f), Blobs50, Sgd with { InputScaling = ScalingKind.None });
        var issue = run.Issues[0];
        Assert.Equal(IssueKind.UnscaledInputs, issue.Kind);
        Assert.Equal(0, issue.Epoch);
        Assert.True(issue.Numbers["largest_std"] > 1000, issue.Evidence);
        Assert.True(issue.Numbers["std_ratio"] > 100, issue.Evidence);
        Assert.Contains("feature 1 ", issue.Evidence);
        Assert.Contains(IssueKind.Divergence, Kinds(run));
    }

    [Fact]
    public void Raw_blobs_without_scaling_are_reported_and_oscillate()
    {
        var run = Experiment.Train(Blobs, Blobs50, Sgd with { InputScaling = ScalingKind.None });
        Assert.Equal(IssueKind.UnscaledInputs, run.Issues[0].Kind);
        Assert.Contains(IssueKind.OscillatingLoss, Kinds(run));
    }

    [Fact]
    public void The_same_inputs_standardised_report_nothing()
    {
        AssertHealthy(Experiment.Train(ScaleFirstFeature(Blobs, 1000f), Blobs50, Sgd));
        AssertHealthy(Experiment.Train(Blobs, Blobs50, Sgd with { InputScaling = ScalingKind.Normalize, LearningRate = 0.05 }));
    }

    private static Dataset ScaleFirstFeature(Dataset d, float factor)
    {
        var f = (float[])d.Features.Clone();
        for (int i = 0; i < f.Length; i += d.FeatureCount) f[i] *= factor;
        return Dataset.Classification(d.Name, f, d.Samples, d.FeatureCount, d.Labels!, d.ClassNames!);
    }
}
