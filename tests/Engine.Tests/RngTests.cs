namespace Hpo.Engine.Tests;

public class RngTests
{
    [Fact]
    public void Xoshiro256StarStar_matches_reference_outputs()
    {
        // Reference xoshiro256** from state {1, 2, 3, 4}.
        var rng = Rng.FromState([1, 2, 3, 4]);
        Assert.Equal(11520UL, rng.NextULong());
        Assert.Equal(0UL, rng.NextULong());
        Assert.Equal(1509978240UL, rng.NextULong());
        Assert.Equal(1215971899390074240UL, rng.NextULong());
    }

    [Fact]
    public void SplitMix64_matches_reference_output()
    {
        ulong state = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, Rng.SplitMix64(ref state));
    }

    [Fact]
    public void Same_seed_same_stream_different_seed_different_stream()
    {
        var a = new Rng(42);
        var b = new Rng(42);
        var c = new Rng(43);
        var xs = Enumerable.Range(0, 100).Select(_ => a.NextULong()).ToArray();
        Assert.Equal(xs, Enumerable.Range(0, 100).Select(_ => b.NextULong()).ToArray());
        Assert.NotEqual(xs, Enumerable.Range(0, 100).Select(_ => c.NextULong()).ToArray());
    }

    [Fact]
    public void Exported_state_resumes_the_exact_stream()
    {
        var rng = new Rng(7);
        for (int i = 0; i < 10; i++) rng.NextGaussian();
        var state = rng.ExportState();
        Assert.Equal(Rng.StateLength, state.Length);
        var expected = Enumerable.Range(0, 20).Select(_ => rng.NextGaussian()).ToArray();
        var resumed = Rng.FromState(state);
        Assert.Equal(expected, Enumerable.Range(0, 20).Select(_ => resumed.NextGaussian()).ToArray());
        Assert.Throws<ArgumentException>(() => Rng.FromState([0, 0, 0, 0]));
        Assert.Throws<ArgumentException>(() => Rng.FromState([1, 2]));
    }

    [Fact]
    public void Uniforms_stay_in_range_and_have_the_right_mean()
    {
        var rng = new Rng(1);
        const int n = 100_000;
        double sumD = 0, sumF = 0;
        var hist = new int[7];
        for (int i = 0; i < n; i++)
        {
            double d = rng.NextDouble();
            float f = rng.NextFloat();
            Assert.InRange(d, 0.0, 0.9999999999999999);
            Assert.True(f >= 0f && f < 1f);
            sumD += d;
            sumF += f;
            hist[rng.NextInt(7)]++;
        }
        Assert.InRange(sumD / n, 0.49, 0.51);
        Assert.InRange(sumF / n, 0.49, 0.51);
        foreach (var h in hist) Assert.InRange(h, n / 7 * 0.95, n / 7 * 1.05);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
        for (int i = 0; i < 1000; i++) Assert.InRange(rng.NextInt(-3, 4), -3, 3);
    }

    [Fact]
    public void Gaussian_has_mean_0_and_std_1()
    {
        var rng = new Rng(3);
        const int n = 200_000;
        double sum = 0, sq = 0;
        for (int i = 0; i < n; i++)
        {
            double g = rng.NextGaussian();
            Assert.True(double.IsFinite(g));
            sum += g;
            sq += g * g;
        }
        double mean = sum / n;
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(Math.Sqrt(sq / n - mean * mean), 0.99, 1.01);
    }

    [Fact]
    public void Shuffle_is_a_seeded_permutation()
    {
        int[] a = Enumerable.Range(0, 50).ToArray(), b = (int[])a.Clone(), c = (int[])a.Clone();
        new Rng(5).Shuffle<int>(a);
        new Rng(5).Shuffle<int>(b);
        new Rng(6).Shuffle<int>(c);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(Enumerable.Range(0, 50), a.Order());
        Assert.NotEqual(Enumerable.Range(0, 50), a);
    }
}
