using Hpo.Engine;
using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Benchmarks;

/// <summary>
/// One case of <c>bench/torch/torch_mlp_bench.py</c>: the same name, layer sizes, batch size,
/// optimiser and data size, so the two programs' lines can be compared case by case.
/// </summary>
/// <param name="Key">The short name on the command line (a, a_adam, b, c1, c32, d).</param>
/// <param name="Name">The case name the PyTorch script prints.</param>
/// <param name="Hidden">Hidden layer widths (ReLU).</param>
/// <param name="Batch">Samples per step.</param>
/// <param name="Adam">Adam (lr 1e-3) instead of SGD with momentum 0.9 (lr 0.01).</param>
/// <param name="Data">Builds the training data; the argument is the sample count of the large cases.</param>
public sealed record EngineBenchmarkCase(string Key, string Name, int[] Hidden, int Batch, bool Adam, Func<int, Dataset> Data)
{
    /// <summary>Samples of the large synthetic cases (b, d), as the PyTorch script uses without --quick.</summary>
    public const int LargeSamples = 60_000;

    /// <summary>Samples of the large cases with --quick, as the PyTorch script's --quick.</summary>
    public const int QuickSamples = 7_680;

    /// <summary>The cases in the PyTorch script's order.</summary>
    public static IReadOnlyList<EngineBenchmarkCase> All { get; } =
    [
        new("a", "a_digits_64-128-128-10_b32_sgdm", [128, 128], 32, false, _ => Digits()),
        new("a_adam", "a_digits_64-128-128-10_b32_adam", [128, 128], 32, true, _ => Digits()),
        new("b", "b_784-256-256-10_b128_sgdm", [256, 256], 128, false, n => RandomClasses(n, 784, 10)),
        new("c1", "c_2-50-1_b1_sgdm", [50], 1, false, _ => Regression()),
        new("c32", "c_2-50-1_b32_sgdm", [50], 32, false, _ => Regression()),
        new("d", "d_784-1024-1024-10_b256_sgdm", [1024, 1024], 256, false, n => RandomClasses(n, 784, 10)),
    ];

    /// <summary>
    /// The model: ReLU hidden layers, linear output. Glorot-uniform weights, near PyTorch's default
    /// uniform ones (He-normal makes SGD with momentum diverge on the one-sample batches of c1).
    /// </summary>
    public ModelOptions Model => new() { HiddenUnits = Hidden, Activation = ActivationKind.Relu, Init = InitKind.GlorotUniform };

    /// <summary>The training options; inputs are used as given (the script scales digits by 1/16 and nothing else).</summary>
    public TrainingOptions Training(int threads) => new()
    {
        Optimizer = Adam ? OptimizerKind.Adam : OptimizerKind.Momentum,
        LearningRate = Adam ? 1e-3 : 0.01,
        Momentum = 0.9,
        Epsilon = 1e-8,
        BatchSize = Batch,
        InputScaling = ScalingKind.None,
        TargetScaling = ScalingKind.None,
        MaxEpochs = 100_000,
        Seed = 1,
        Threads = threads,
    };

    private static Dataset Digits()
    {
        var d = BuiltinDatasets.Digits();
        var x = d.Features.Select(v => v / 16f).ToArray();
        return Dataset.Classification("digits", x, d.Samples, d.FeatureCount, d.Labels!, d.ClassNames!);
    }

    /// <summary>Standard normal features and uniformly random labels, as the script's data_synth_cls.</summary>
    private static Dataset RandomClasses(int samples, int features, int classes)
    {
        var rng = new Rng(0);
        var x = new float[samples * features];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
        var y = new int[samples];
        for (int i = 0; i < samples; i++) y[i] = rng.NextInt(classes);
        return Dataset.Classification("random", x, samples, features, y, Generators.NumberedClassNames(classes));
    }

    /// <summary>make_regression(1000, 2 features, noise 0.1), inputs and target standardised, as the script does.</summary>
    private static Dataset Regression()
    {
        var d = Generators.Regression(1000, 2, 2, 0.1, seed: 1);
        var x = (float[])d.Features.Clone();
        var y = (float[])d.Targets!.Clone();
        Standardise(x, d.FeatureCount);
        Standardise(y, 1);
        return Dataset.Regression("regression", x, d.Samples, d.FeatureCount, y);
    }

    private static void Standardise(float[] values, int columns)
    {
        int rows = values.Length / columns;
        for (int c = 0; c < columns; c++)
        {
            double sum = 0, squares = 0;
            for (int r = 0; r < rows; r++) sum += values[r * columns + c];
            double mean = sum / rows;
            for (int r = 0; r < rows; r++) squares += Math.Pow(values[r * columns + c] - mean, 2);
            double std = Math.Sqrt(squares / rows);
            for (int r = 0; r < rows; r++) values[r * columns + c] = (float)((values[r * columns + c] - mean) / std);
        }
    }
}
