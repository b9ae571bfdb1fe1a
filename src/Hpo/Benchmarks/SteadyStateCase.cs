using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Benchmarks;

/// <summary>
/// A case of <c>hpo bench engine</c> that trains far past its first epochs, where a network saturates
/// (training loss printed as 0.0000, probabilities underflowing) or overfits: the rates of its first
/// epochs and of its last are printed apart. The same cases as <c>torch_mlp_bench.py</c>'s s and f.
/// </summary>
/// <param name="Key">The short name on the command line (s, f).</param>
/// <param name="Name">The case name both programs print (with <c>-early</c> and <c>-late</c>).</param>
/// <param name="Epochs">Epochs trained.</param>
/// <param name="Early">The epochs (1-based, inclusive) whose median rate is the early figure.</param>
/// <param name="LateEpochs">The last epochs, whose median rate is the late figure.</param>
public sealed record SteadyStateCase(string Key, string Name, int[] Hidden, int Batch, double LearningRate, int Epochs,
    (int First, int Last) Early, int LateEpochs, Func<Dataset> Data)
{
    public static IReadOnlyList<SteadyStateCase> All { get; } =
    [
        // hpo train's digits model of the steady-speed issue: saturated (loss 0.0000) from about epoch 25.
        new("s", "s_digits_64-256-256-10_b32_adam_lr0.01", [256, 256], 32, 0.01, 150, (2, 10), 50, StandardisedDigits),
        // Fashion-MNIST past its best validation epoch (about the 10th): overfitting, gradients shrinking.
        new("f", "f_fashion_784-256-256-10_b128_adam", [256, 256], 128, 1e-3, 30, (2, 5), 5, FashionMnistTrain),
    ];

    /// <summary>As <c>hpo train</c> builds it: He-normal ReLU layers, Adam.</summary>
    public ModelOptions Model => new() { HiddenUnits = Hidden, Activation = ActivationKind.Relu, Init = InitKind.HeNormal };

    public TrainingOptions Training(int threads, int epochs) => new()
    {
        Optimizer = OptimizerKind.Adam,
        LearningRate = LearningRate,
        Epsilon = 1e-7,
        BatchSize = Batch,
        InputScaling = ScalingKind.None,
        TargetScaling = ScalingKind.None,
        MaxEpochs = epochs,
        Seed = 1,
        Threads = threads,
    };

    /// <summary>Digits with each feature standardised over all samples (the script does the same).</summary>
    private static Dataset StandardisedDigits()
    {
        var d = BuiltinDatasets.Digits();
        var x = (float[])d.Features.Clone();
        for (int c = 0; c < d.FeatureCount; c++)
        {
            double sum = 0, squares = 0;
            for (int r = 0; r < d.Samples; r++) sum += x[r * d.FeatureCount + c];
            double mean = sum / d.Samples;
            for (int r = 0; r < d.Samples; r++) squares += Math.Pow(x[r * d.FeatureCount + c] - mean, 2);
            double std = Math.Sqrt(squares / d.Samples);
            for (int r = 0; r < d.Samples; r++) x[r * d.FeatureCount + c] = std == 0 ? 0f : (float)((x[r * d.FeatureCount + c] - mean) / std);
        }
        return Dataset.Classification("digits", x, d.Samples, d.FeatureCount, d.Labels!, d.ClassNames!);
    }

    /// <summary>The 60,000 training images, pixels scaled to [0, 1].</summary>
    private static Dataset FashionMnistTrain()
    {
        var d = FashionMnist.LoadTrain();
        var x = d.Features.Select(v => v / 255f).ToArray();
        return Dataset.Classification("fashion-mnist", x, d.Samples, d.FeatureCount, d.Labels!, d.ClassNames!);
    }
}
