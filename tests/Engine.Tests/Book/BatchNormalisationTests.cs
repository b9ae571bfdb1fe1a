using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Book;

/// <summary>Better Deep Learning: accelerate learning with batch normalisation (two circles, SGD with momentum).</summary>
public class BatchNormalisationTests
{
    private static readonly Dataset Circles = Generators.Circles(1000, noise: 0.1, factor: 0.5, seed: 1);

    private static TrainingSession Run(BatchNormPlacement placement) =>
        Experiment.Train(Circles, new ModelOptions { HiddenUnits = [20, 20, 20, 20, 20], Init = InitKind.GlorotUniform, BatchNorm = placement },
            new TrainingOptions { Optimizer = OptimizerKind.Momentum, LearningRate = 0.01, Momentum = 0.9, BatchSize = 32, MaxEpochs = 25 });

    [Theory]
    [InlineData(BatchNormPlacement.Before)]
    [InlineData(BatchNormPlacement.After)]
    public void Batch_normalisation_reaches_a_target_accuracy_in_fewer_epochs(BatchNormPlacement placement)
    {
        var plain = Run(BatchNormPlacement.None);
        var normalised = Run(placement);
        int plainEpochs = Experiment.EpochsToReach(plain.Curve, "val_accuracy", 0.95, higherIsBetter: true);
        int normalisedEpochs = Experiment.EpochsToReach(normalised.Curve, "val_accuracy", 0.95, higherIsBetter: true);
        Assert.True(normalisedEpochs < int.MaxValue, "batch normalisation never reached 0.95");
        Assert.True(normalisedEpochs * 3 <= plainEpochs * 2, $"with batch norm {normalisedEpochs} epochs, without {plainEpochs}");
    }
}
