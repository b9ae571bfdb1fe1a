using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Book;

/// <summary>Better Deep Learning: fix vanishing gradients with ReLU and He initialisation (two circles, a deep MLP).</summary>
public class VanishingGradientTests
{
    private static readonly Dataset Circles = Generators.Circles(1000, noise: 0.1, factor: 0.5, seed: 1);
    private static readonly int[] Deep = [5, 5, 5, 5, 5, 5];

    private static TrainingSession Run(ActivationKind activation, InitKind init) =>
        Experiment.Train(Circles, new ModelOptions { HiddenUnits = Deep, Activation = activation, Init = init },
            new TrainingOptions { Optimizer = OptimizerKind.Momentum, LearningRate = 0.01, Momentum = 0.9, BatchSize = 32, MaxEpochs = 40 });

    [Fact]
    public void A_deep_sigmoid_network_has_vanishing_gradients_and_fails_to_learn()
    {
        var run = Run(ActivationKind.Sigmoid, InitKind.GlorotUniform);
        var norms = run.Curve[0].GradientNorms;
        double ratio = norms[0] / norms[^1];
        Assert.True(ratio < 1e-2, $"first/last layer gradient-norm ratio {ratio:G3}");
        Assert.True(run.Curve[^1].ValAccuracy < 0.65, $"the deep sigmoid network learned: {run.Curve[^1].ValAccuracy:F3}");
    }

    [Fact]
    public void The_same_depth_with_relu_and_he_initialisation_learns()
    {
        var run = Run(ActivationKind.Relu, InitKind.HeUniform);
        Assert.True(run.Curve[^1].ValAccuracy > 0.9, $"ReLU + He reached only {run.Curve[^1].ValAccuracy:F3}");
    }
}
