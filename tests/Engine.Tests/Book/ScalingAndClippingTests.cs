using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Book;

/// <summary>
/// Better Deep Learning: stabilise learning with data scaling; fix exploding gradients with clipping.
/// The book's case: make_regression with unscaled targets, SGD with momentum and MSE.
/// </summary>
public class ScalingAndClippingTests
{
    private static readonly Dataset Regression = Generators.Regression(1000, features: 20, informative: 20, noise: 0.1, seed: 1);
    private static readonly ModelOptions Mlp = new() { HiddenUnits = [25], Init = InitKind.HeUniform };

    private static TrainingSession Run(ScalingKind targetScaling, double? clipNorm = null) =>
        Experiment.Train(Regression, Mlp, new TrainingOptions
        {
            Optimizer = OptimizerKind.Momentum,
            LearningRate = 0.01,
            Momentum = 0.9,
            BatchSize = 32,
            MaxEpochs = 30,
            Loss = LossKind.Mse,
            InputScaling = ScalingKind.Standardize,
            TargetScaling = targetScaling,
            ClipNorm = clipNorm,
        });

    [Fact]
    public void Unscaled_targets_explode_and_the_run_reports_divergence_instead_of_crashing()
    {
        var run = Run(ScalingKind.None);
        Assert.True(run.Diverged, $"expected divergence; last loss {run.Curve[^1].TrainLoss}");
        Assert.False(double.IsFinite(run.Curve[^1].TrainLoss));
        Assert.Contains("non-finite", run.StopReason);
        Assert.True(run.Curve.Count < 30, "training should stop at the divergence");
    }

    [Fact]
    public void Standardised_targets_converge()
    {
        var run = Run(ScalingKind.Standardize);
        Assert.False(run.Diverged);
        Assert.True(run.Curve[^1].ValR2 > 0.95, $"R² {run.Curve[^1].ValR2:F3}");
    }

    [Fact]
    public void Gradient_clipping_keeps_unscaled_targets_finite()
    {
        var run = Run(ScalingKind.None, clipNorm: 1.0);
        Assert.False(run.Diverged, run.StopReason);
        Assert.All(run.Curve, m => Assert.True(double.IsFinite(m.TrainLoss) && double.IsFinite(m.ValLoss!.Value)));
        Assert.True(run.Curve[^1].ValLoss < run.Curve[0].ValLoss, "clipped training should still learn");
    }
}
