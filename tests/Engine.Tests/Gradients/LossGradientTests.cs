using Hpo.Engine.Losses;
using Hpo.Engine.Tensors;

namespace Hpo.Engine.Tests.Gradients;

public class LossGradientTests
{
    private const int Batch = 5;
    private const int Width = 4;

    public static TheoryData<string, bool> Losses() => new()
    {
        { "mse", false }, { "mse", true },
        { "mae", false }, { "mae", true },
        { "msle", false }, { "msle", true },
        { "huber", false }, { "huber", true },
        { "binary_crossentropy", false }, { "binary_crossentropy", true },
        { "hinge", false }, { "hinge", true },
        { "squared_hinge", false }, { "squared_hinge", true },
        { "categorical_crossentropy", false }, { "categorical_crossentropy", true },
        { "sparse_categorical_crossentropy", false }, { "sparse_categorical_crossentropy", true },
        { "kl_divergence", false }, { "kl_divergence", true },
    };

    [Theory]
    [MemberData(nameof(Losses))]
    public void Loss_gradients_match_finite_differences(string name, bool weighted)
    {
        var rng = new Rng(21);
        ILoss loss = name switch
        {
            "mse" => new MeanSquaredError(),
            "mae" => new MeanAbsoluteError(),
            "msle" => new MeanSquaredLogarithmicError(),
            "huber" => new HuberLoss(0.7f),
            "binary_crossentropy" => new BinaryCrossEntropy(),
            "hinge" => new HingeLoss(),
            "squared_hinge" => new SquaredHingeLoss(),
            "categorical_crossentropy" => new SoftmaxCrossEntropy(),
            "sparse_categorical_crossentropy" => new SparseSoftmaxCrossEntropy(),
            "kl_divergence" => new SoftmaxCrossEntropy(kullbackLeibler: true),
            _ => throw new ArgumentException(name),
        };
        var outputs = new Matrix(Batch, Width);
        var targets = new Matrix(Batch, name == "sparse_categorical_crossentropy" ? 1 : Width);
        for (int r = 0; r < Batch; r++)
        {
            for (int j = 0; j < Width; j++)
            {
                float o = (float)rng.NextGaussian();
                // Keep clear of the kinks of MAE, Huber and the hinges so a finite difference is meaningful.
                outputs[r, j] = name switch
                {
                    "msle" => 0.5f + (float)rng.NextDouble() * 3f,
                    _ => o,
                };
            }
            FillTargets(name, targets.Row(r), outputs.Row(r), rng);
        }
        var weights = weighted ? Enumerable.Range(0, Batch).Select(i => 0.5f + i * 0.4f).ToArray() : [];
        GradientCheck.CheckLoss(loss, outputs, targets, weights, step: 1e-3);
    }

    private static void FillTargets(string name, Span<float> target, Span<float> output, Rng rng)
    {
        switch (name)
        {
            case "mse" or "huber":
                for (int j = 0; j < target.Length; j++) target[j] = (float)rng.NextGaussian();
                break;
            case "mae":
                for (int j = 0; j < target.Length; j++) target[j] = output[j] + (rng.NextDouble() < 0.5 ? -0.5f : 0.5f);
                break;
            case "msle":
                for (int j = 0; j < target.Length; j++) target[j] = (float)rng.NextDouble() * 4f;
                break;
            case "binary_crossentropy":
                for (int j = 0; j < target.Length; j++) target[j] = rng.NextDouble() < 0.5 ? 0f : 1f;
                break;
            case "hinge" or "squared_hinge":
                for (int j = 0; j < target.Length; j++)
                {
                    target[j] = rng.NextDouble() < 0.5 ? -1f : 1f;
                    float margin = 1f - target[j] * output[j];
                    if (MathF.Abs(margin) < 0.05f) output[j] += 0.2f * target[j];
                }
                break;
            case "categorical_crossentropy":
                target.Clear();
                target[rng.NextInt(target.Length)] = 1f;
                break;
            case "sparse_categorical_crossentropy":
                target[0] = rng.NextInt(Width);
                break;
            case "kl_divergence":
                float sum = 0f;
                for (int j = 0; j < target.Length; j++) sum += target[j] = 0.1f + (float)rng.NextDouble();
                for (int j = 0; j < target.Length; j++) target[j] /= sum;
                break;
        }
    }

    [Fact]
    public void Huber_is_quadratic_inside_delta_and_linear_outside()
    {
        var loss = new HuberLoss(1f);
        var g = new float[1];
        Assert.Equal(0.125f, loss.Sample([0.5f], [0f], g), 6);
        Assert.Equal(2.5f, loss.Sample([3f], [0f], g), 6);
        Assert.Equal(1f, g[0], 6);
    }

    [Fact]
    public void Sample_weights_scale_each_samples_share_of_the_loss()
    {
        var loss = new MeanSquaredError();
        var outputs = new Matrix(2, 1, [1f, 3f]);
        var targets = new Matrix(2, 1, [0f, 0f]);
        var grad = new Matrix(2, 1);
        Assert.Equal(5.0, loss.Compute(outputs, targets, [], grad), 6);
        Assert.Equal((2 * 1 + 0.5 * 9) / 2, loss.Compute(outputs, targets, [2f, 0.5f], grad), 6);
    }

    /// <summary>A custom loss, written through the small per-sample interface, trains like a built-in one.</summary>
    private sealed class QuarticLoss : SampleLoss
    {
        public override string Name => "quartic";

        public override float Sample(ReadOnlySpan<float> o, ReadOnlySpan<float> t, Span<float> g)
        {
            float sum = 0f;
            for (int j = 0; j < o.Length; j++)
            {
                float d = o[j] - t[j];
                sum += d * d * d * d;
                g[j] = 4f * d * d * d;
            }
            return sum;
        }
    }

    [Fact]
    public void A_custom_loss_gradient_is_checked_like_the_built_in_ones()
    {
        var rng = new Rng(4);
        var outputs = GradientCheck.RandomMatrix(3, 2, rng);
        var targets = GradientCheck.RandomMatrix(3, 2, rng);
        GradientCheck.CheckLoss(new QuarticLoss(), outputs, targets, [1f, 2f, 3f], step: 1e-3);
    }
}
