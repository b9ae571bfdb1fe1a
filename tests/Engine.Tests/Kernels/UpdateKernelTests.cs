using Hpo.Engine.Kernels;

namespace Hpo.Engine.Tests.Kernels;

public class UpdateKernelTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(37, false)]
    [InlineData(1000, true)]
    public void Momentum_matches_the_scalar_reference_bit_for_bit(int length, bool nesterov)
    {
        var rng = new Random(length);
        float[] w = Random(rng, length), v = Random(rng, length), g = Random(rng, length);
        float[] w2 = (float[])w.Clone(), v2 = (float[])v.Clone();

        UpdateKernels.Momentum(w, v, g, 0.01f, 0.9f, nesterov);
        UpdateReference.Momentum(w2, v2, g, 0.01f, 0.9f, nesterov);

        Assert.Equal(w2, w);
        Assert.Equal(v2, v);
    }

    [Theory]
    [InlineData(3, 0f)]
    [InlineData(100, 0.01f)]
    [InlineData(1025, 0f)]
    public void Adam_matches_the_scalar_reference_bit_for_bit(int length, float decay)
    {
        var rng = new Random(length);
        float[] w = Random(rng, length), m = Random(rng, length), v = Random(rng, length).Select(Math.Abs).ToArray(), g = Random(rng, length);
        float[] w2 = (float[])w.Clone(), m2 = (float[])m.Clone(), v2 = (float[])v.Clone();

        UpdateKernels.Adam(w, m, v, g, 0.9f, 0.999f, 1e-7f, 0.001f, decay);
        UpdateReference.Adam(w2, m2, v2, g, 0.9f, 0.999f, 1e-7f, 0.001f, decay);

        Assert.Equal(w2, w);
        Assert.Equal(m2, m);
        Assert.Equal(v2, v);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(37)]
    [InlineData(48)]
    [InlineData(1000)]
    public void Updates_return_the_sum_of_squared_gradients_as_SumOfSquares_computes_it(int length)
    {
        var rng = new Random(length);
        float[] g = Random(rng, length);
        double expected = ElementWise.SumOfSquares(g);

        Assert.Equal(expected, UpdateKernels.Sgd(new float[length], g, 0.1f));
        Assert.Equal(expected, UpdateKernels.Momentum(new float[length], new float[length], g, 0.1f, 0.9f, false));
        Assert.Equal(expected, UpdateKernels.Adam(new float[length], new float[length], new float[length], g, 0.9f, 0.999f, 1e-7f, 0.1f, 0f));
    }

    [Fact]
    public void Plain_sgd_steps_against_the_gradient()
    {
        float[] w = Enumerable.Range(0, 19).Select(i => (float)i).ToArray(), g = Enumerable.Repeat(2f, 19).ToArray();
        UpdateKernels.Sgd(w, g, 0.5f);
        Assert.Equal(Enumerable.Range(0, 19).Select(i => i - 1f), w);
    }

    [Fact]
    public void Unequal_lengths_are_rejected() =>
        Assert.Throws<ArgumentException>(() => UpdateKernels.Momentum(new float[4], new float[4], new float[3], 0.1f, 0.9f, false));

    private static float[] Random(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }
}
