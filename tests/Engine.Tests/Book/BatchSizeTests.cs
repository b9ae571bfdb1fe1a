using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Book;

/// <summary>Better Deep Learning: configure gradient precision with batch size (blobs, SGD with momentum).</summary>
public class BatchSizeTests
{
    private static readonly Dataset Blobs = Generators.Blobs(1000, features: 2, centers: 3, clusterStd: 2.0, seed: 2);
    private static readonly ModelOptions Mlp = new() { HiddenUnits = [50] };

    private static TrainingSession Run(int batch, int epochs) => Experiment.Train(Blobs, Mlp, new TrainingOptions
    {
        Optimizer = OptimizerKind.Momentum,
        LearningRate = 0.01,
        Momentum = 0.9,
        BatchSize = batch,
        MaxEpochs = epochs,
    });

    [Fact]
    public void Batch_size_one_gives_a_more_volatile_validation_curve_than_full_batch()
    {
        var stochastic = Run(1, 40);
        var full = Run(0, 40);
        double noisy = Experiment.Volatility(stochastic.Curve, "val_loss", 10);
        double smooth = Experiment.Volatility(full.Curve, "val_loss", 10);
        Assert.True(noisy > 3 * smooth, $"batch 1 volatility {noisy:G3} vs full batch {smooth:G3}");
    }

    [Fact]
    public void Full_batch_learns_slower_per_epoch()
    {
        var stochastic = Run(1, 15);
        var full = Run(0, 15);
        int stochasticEpochs = Experiment.EpochsToReach(stochastic.Curve, "loss", 0.5, higherIsBetter: false);
        int fullEpochs = Experiment.EpochsToReach(full.Curve, "loss", 0.5, higherIsBetter: false);
        Assert.True(stochasticEpochs < int.MaxValue, "batch 1 never reached the target loss");
        Assert.True(stochasticEpochs * 3 <= fullEpochs, $"batch 1 took {stochasticEpochs} epochs, full batch {fullEpochs}");
    }
}
