using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Book;

/// <summary>Better Deep Learning: configure the speed of learning with the learning rate and momentum.</summary>
public class LearningRateTests
{
    private static readonly Dataset Blobs = Generators.Blobs(1000, features: 2, centers: 3, clusterStd: 2.0, seed: 2);
    private static readonly ModelOptions Mlp = new() { HiddenUnits = [50] };

    private static TrainingSession Run(double rate, OptimizerKind optimizer = OptimizerKind.Sgd, int epochs = 30) =>
        Experiment.Train(Blobs, Mlp, new TrainingOptions
        {
            Optimizer = optimizer,
            LearningRate = rate,
            Momentum = 0.9,
            BatchSize = 32,
            MaxEpochs = epochs,
        });

    [Fact]
    public void A_too_large_learning_rate_oscillates_or_diverges()
    {
        var good = Run(0.01);
        var huge = Run(5.0);
        bool diverged = huge.Diverged;
        double goodAccuracy = good.Curve[^1].ValAccuracy!.Value;
        if (!diverged)
        {
            double hugeAccuracy = huge.Curve[^1].ValAccuracy!.Value;
            double swing = Experiment.Volatility(huge.Curve, "val_accuracy", 2);
            Assert.True(hugeAccuracy < goodAccuracy - 0.1 || swing > 0.05,
                $"learning rate 5 neither diverged nor oscillated: accuracy {hugeAccuracy:F3}, swing {swing:F3}");
        }
        Assert.True(goodAccuracy > 0.75, $"learning rate 0.01 reached only {goodAccuracy:F3}");
    }

    [Fact]
    public void A_too_small_learning_rate_barely_moves()
    {
        var tiny = Run(1e-6, epochs: 10);
        double first = tiny.Curve[0].TrainLoss, last = tiny.Curve[^1].TrainLoss;
        Assert.True(Math.Abs(first - last) / first < 0.01, $"loss moved from {first:F4} to {last:F4}");
        var good = Run(0.01, epochs: 10);
        Assert.True(good.Curve[^1].TrainLoss < 0.7 * good.Curve[0].TrainLoss);
    }

    [Fact]
    public void Momentum_reaches_a_target_loss_in_fewer_epochs_than_plain_sgd()
    {
        var plain = Run(0.001, OptimizerKind.Sgd, epochs: 30);
        var momentum = Run(0.001, OptimizerKind.Momentum, epochs: 30);
        int plainEpochs = Experiment.EpochsToReach(plain.Curve, "loss", 0.5, higherIsBetter: false);
        int momentumEpochs = Experiment.EpochsToReach(momentum.Curve, "loss", 0.5, higherIsBetter: false);
        Assert.True(momentumEpochs < int.MaxValue, "momentum never reached the target loss");
        Assert.True(momentumEpochs * 3 <= plainEpochs, $"momentum took {momentumEpochs} epochs, plain SGD {plainEpochs}");
    }
}
