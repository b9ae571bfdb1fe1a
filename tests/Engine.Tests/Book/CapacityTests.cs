using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Engine.Tests.Book;

/// <summary>Better Deep Learning: configure capacity with nodes and layers.</summary>
public class CapacityTests
{
    private static readonly TrainingOptions Adam = new() { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, BatchSize = 32, MaxEpochs = 60 };

    [Fact]
    public void Too_little_capacity_cannot_fit_circles_while_enough_capacity_does()
    {
        var circles = Generators.Circles(1000, noise: 0.1, factor: 0.5, seed: 1);
        var tiny = Experiment.Train(circles, new ModelOptions { HiddenUnits = [1] }, Adam);
        var enough = Experiment.Train(circles, new ModelOptions { HiddenUnits = [32] }, Adam);

        Assert.True(tiny.Curve[^1].TrainAccuracy < 0.80, $"one unit fitted circles: {tiny.Curve[^1].TrainAccuracy:F3}");
        Assert.True(enough.Curve[^1].ValAccuracy > 0.95, $"32 units did not fit circles: {enough.Curve[^1].ValAccuracy:F3}");
    }

    [Fact]
    public void A_big_network_on_a_small_dataset_over_fits()
    {
        // The book's over-fitting set-up: few noisy moons, a wide network trained for long.
        var moons = Generators.Moons(100, noise: 0.3, seed: 2);
        var run = Experiment.Train(moons, new ModelOptions { HiddenUnits = [256, 256] },
            new TrainingOptions { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, BatchSize = 0, MaxEpochs = 400 }, validation: 0.7);

        var last = run.Curve[^1];
        double bestValLoss = run.Curve.Min(m => m.ValLoss!.Value);
        Assert.True(last.TrainLoss < 0.05, $"training loss {last.TrainLoss:F4} did not approach zero");
        Assert.True(last.ValLoss > 2 * bestValLoss, $"validation loss {last.ValLoss:F3} did not rise from its best {bestValLoss:F3}");
    }
}
