using Hpo.Engine.Options;

namespace Hpo.TestSupport;

/// <summary>Epoch metrics as a worker would report them, for tests that fake training.</summary>
public static class TestEpochs
{
    /// <summary>An epoch with these losses and validation accuracy, <paramref name="seconds"/> long.</summary>
    public static EpochMetrics Metrics(int epoch, double loss = double.NaN, double? valLoss = null, double? valAccuracy = null,
        double seconds = 0.01, double samplesPerSecond = 1000, bool diverged = false) => new()
        {
            Epoch = epoch,
            LearningRate = 0.01,
            TrainLoss = loss,
            ValLoss = valLoss,
            ValAccuracy = valAccuracy,
            GradientNorms = [],
            Seconds = seconds,
            SamplesPerSecond = samplesPerSecond,
            Diverged = diverged,
        };
}
