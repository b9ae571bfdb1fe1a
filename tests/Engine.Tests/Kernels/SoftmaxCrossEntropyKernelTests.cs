using Hpo.Engine.Kernels;
using Hpo.Engine.Losses;

namespace Hpo.Engine.Tests.Kernels;

public class SoftmaxCrossEntropyKernelTests
{
    public static TheoryData<int, bool, bool> Cases()
    {
        var data = new TheoryData<int, bool, bool>();
        foreach (int classes in new[] { 1, 2, 3, 7, 10, 15, 16 })
            foreach (bool weighted in new[] { false, true })
                foreach (bool soft in new[] { false, true })
                {
                    data.Add(classes, weighted, soft);
                }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_batch_pass_gives_the_per_sample_loss_and_gradient(int classes, bool weighted, bool soft)
    {
        Assert.SkipUnless(SoftmaxCrossEntropyKernel.Suits(classes), "AVX-512 is not accelerated here");
        const int rows = 37;
        var rng = new Random(classes * 4 + (weighted ? 2 : 0) + (soft ? 1 : 0));
        float[] logits = new float[rows * classes], targets = new float[rows * classes];
        for (int i = 0; i < logits.Length; i++) logits[i] = (float)(rng.NextDouble() * 300 - 150); // exp overflows unless shifted by the true maximum
        for (int r = 0; r < rows; r++)
        {
            if (soft)
            {
                for (int j = 0; j < classes; j++) targets[r * classes + j] = 0.1f / classes;
                targets[r * classes + rng.Next(classes)] += 0.9f;
            }
            else targets[r * classes + rng.Next(classes)] = 1f;
        }
        float[] weights = weighted ? Enumerable.Range(0, rows).Select(_ => (float)rng.NextDouble() * 2).ToArray() : [];

        var gradient = new float[rows * classes];
        double loss = SoftmaxCrossEntropyKernel.Batch(logits, targets, weights, gradient, rows, classes);

        // The per-sample loss, weighted and averaged as SampleLoss.Compute does.
        var perSample = new SoftmaxCrossEntropy();
        var expectedGradient = new float[classes];
        double expectedLoss = 0;
        for (int r = 0; r < rows; r++)
        {
            float w = weighted ? weights[r] : 1f;
            expectedLoss += w * perSample.Sample(logits.AsSpan(r * classes, classes), targets.AsSpan(r * classes, classes), expectedGradient);
            for (int j = 0; j < classes; j++)
            {
                float expected = expectedGradient[j] * w / rows;
                Assert.True(Math.Abs(gradient[r * classes + j] - expected) <= 1e-6 + 1e-5 * Math.Abs(expected),
                    $"dL/dz[{r},{j}] = {gradient[r * classes + j]}, expected {expected}");
            }
        }
        expectedLoss /= rows;
        Assert.True(Math.Abs(loss - expectedLoss) <= 1e-5 * Math.Max(1, Math.Abs(expectedLoss)), $"loss {loss}, expected {expectedLoss}");
    }

    [Fact]
    public void Equal_logits_give_the_log_of_the_class_count()
    {
        Assert.SkipUnless(SoftmaxCrossEntropyKernel.Suits(10), "AVX-512 is not accelerated here");
        float[] logits = Enumerable.Repeat(3.5f, 20).ToArray(), targets = new float[20], gradient = new float[20];
        targets[4] = 1f;
        targets[10 + 9] = 1f;
        double loss = SoftmaxCrossEntropyKernel.Batch(logits, targets, [], gradient, 2, 10);
        Assert.Equal(Math.Log(10), loss, 5);
        Assert.Equal((0.1f - 1f) / 2, gradient[4], 6);
        Assert.Equal(0.1f / 2, gradient[0], 6);
    }
}
