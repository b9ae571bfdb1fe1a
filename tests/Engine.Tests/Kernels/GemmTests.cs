using Hpo.Engine.Kernels;

namespace Hpo.Engine.Tests.Kernels;

public class GemmTests
{
    /// <summary>
    /// m x n x k: ones, odd sizes, widths around the micro-tile and the block sizes (Nc 512), depths
    /// over one block (Kc 1024), few rows (B read in place) and many rows or a wide B (B packed),
    /// several blocks of A rows (8 micro-panels) with a ragged last one, at depths on both sides of
    /// the shallow-product order.
    /// </summary>
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (3, 5, 7), (17, 33, 65), (31, 129, 257), (64, 10, 128), (1, 1024, 784),
        (257, 1, 3), (8, 32, 256), (13, 1100, 300), (128, 2, 784), (70, 45, 33), (40, 600, 20),
        (203, 70, 40), (420, 97, 280), (390, 130, 12), (600, 10, 260), (70, 1100, 260),
        (9, 70, 1100), (150, 40, 2100),
    ];

    public static TheoryData<int, int, int, bool, bool, bool, int> Cases() => CasesOf(Shapes);

    /// <summary>Every shape on every path this machine has, with A and B transposed or not, accumulating or not.</summary>
    internal static TheoryData<int, int, int, bool, bool, bool, int> CasesOf(IEnumerable<(int M, int N, int K)> shapes)
    {
        var data = new TheoryData<int, int, int, bool, bool, bool, int>();
        foreach (SimdLevel level in SimdLevels.Available)
            foreach ((int m, int n, int k) in shapes)
                foreach (bool ta in new[] { false, true })
                    foreach (bool tb in new[] { false, true })
                        foreach (bool acc in new[] { false, true })
                        {
                            data.Add(m, n, k, ta, tb, acc, (int)level);
                        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Random_values_match_the_reference(int m, int n, int k, bool ta, bool tb, bool acc, int level)
    {
        var rng = new Random(HashCode.Combine(m, n, k, ta, tb, acc));
        float[] a = Random(rng, m * k), b = Random(rng, k * n), c0 = Random(rng, m * n);
        float[] expected = (float[])c0.Clone(), actual = (float[])c0.Clone();
        if (!acc) Array.Fill(actual, float.NaN); // without accumulate, C's old content must not leak

        GemmReference.Multiply(a, b, expected, m, n, k, ta, tb, acc);
        Gemm.Multiply(a, b, actual, m, n, k, ta, tb, acc, (SimdLevel)level);

        // Float sums in another order than the double reference: allow a relative error growing with k.
        double tolerance = 1e-5 * Math.Max(1, k / 16.0);
        for (int i = 0; i < m * n; i++)
        {
            double scale = Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance * scale,
                $"C[{i / n},{i % n}] = {actual[i]}, expected {expected[i]} ({SimdLevels.Name((SimdLevel)level)})");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Dyadic_values_match_the_reference_exactly(int m, int n, int k, bool ta, bool tb, bool acc, int level)
    {
        // Multiples of 1/8 in [-2, 2]: every product and partial sum is exact in float, whatever the order.
        var rng = new Random(HashCode.Combine(k, n, m, tb, ta, acc));
        float[] a = Dyadic(rng, m * k), b = Dyadic(rng, k * n), c0 = Dyadic(rng, m * n);
        float[] expected = (float[])c0.Clone(), actual = (float[])c0.Clone();

        GemmReference.Multiply(a, b, expected, m, n, k, ta, tb, acc);
        Gemm.Multiply(a, b, actual, m, n, k, ta, tb, acc, (SimdLevel)level);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Public_entry_uses_the_best_path()
    {
        Assert.Equal(SimdLevels.Name(SimdLevels.Best), Gemm.Isa);
        Assert.Contains(Gemm.Isa, new[] { "avx512", "avx2", "sse", "scalar" });
        var rng = new Random(5);
        float[] a = Random(rng, 9 * 11), b = Random(rng, 11 * 40), expected = new float[9 * 40], actual = new float[9 * 40];
        GemmReference.Multiply(a, b, expected, 9, 40, 11);
        Gemm.Multiply(a, b, actual, 9, 40, 11);
        for (int i = 0; i < actual.Length; i++) Assert.Equal(expected[i], actual[i], 1e-4f);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Zero_depth_clears_or_keeps_C(bool accumulate)
    {
        float[] c = [1, 2, 3, 4, 5, 6];
        Gemm.Multiply([], [], c, 2, 3, 0, accumulate: accumulate);
        Assert.Equal(accumulate ? new float[] { 1, 2, 3, 4, 5, 6 } : new float[6], c);
    }

    [Fact]
    public void Empty_output_is_a_no_op()
    {
        float[] c = [7];
        Gemm.Multiply(new float[5], [], c, 0, 0, 5);
        Gemm.Multiply([], new float[5], c, 0, 1, 5);
        Assert.Equal(7, c[0]);
    }

    [Fact]
    public void Short_or_overlapping_buffers_are_rejected()
    {
        float[] buffer = new float[100];
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[5], new float[6], new float[4], 2, 2, 3));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[6], new float[5], new float[4], 2, 2, 3));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(new float[6], new float[6], new float[3], 2, 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(new float[6], new float[6], new float[4], -1, 2, 3));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(buffer.AsSpan(0, 6), buffer.AsSpan(10, 6), buffer.AsSpan(4, 4), 2, 2, 3));
    }

    [Fact]
    public void Steady_state_does_not_allocate()
    {
        var rng = new Random(3);
        float[] a = Random(rng, 64 * 300), b = Random(rng, 300 * 70), c = new float[64 * 70];
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
            {
                Gemm.Multiply(a, b, c, 64, 70, 300, ta, tb);
            }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 4; t++)
        {
            Gemm.Multiply(a, b, c, 64, 70, 300, (t & 1) != 0, (t & 2) != 0, accumulate: true);
            Gemm.MultiplyParallel(a, b, c, 8, 70, 300, (t & 1) != 0, (t & 2) != 0, accumulate: true); // too small to split
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(256, 300, 200, 2)]
    [InlineData(101, 400, 400, 3)]
    [InlineData(30, 20, 10, 4)]
    [InlineData(600, 100, 300, 2)]
    public void Parallel_multiply_matches_the_reference(int m, int n, int k, int threads)
    {
        var rng = new Random(m + n + k);
        float[] a = Dyadic(rng, m * k), b = Dyadic(rng, k * n), c0 = Dyadic(rng, m * n);
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
                foreach (bool acc in new[] { false, true })
                {
                    float[] expected = (float[])c0.Clone(), actual = (float[])c0.Clone();
                    GemmReference.Multiply(a, b, expected, m, n, k, ta, tb, acc);
                    Gemm.MultiplyParallel(a, b, actual, m, n, k, ta, tb, acc, threads);
                    Assert.Equal(expected, actual);
                }
    }

    [Theory]
    [InlineData(256, 1024, 300, false, false)] // wider than tall: split over columns
    [InlineData(256, 700, 300, false, true)]
    [InlineData(700, 256, 130, true, false)]   // taller than wide: split over rows, one block a thread (each packs all of B)
    [InlineData(300, 1030, 200, true, false)]  // a weight gradient wider than tall: one block of columns a thread (each packs all of A)
    [InlineData(64, 1030, 250, true, false)]   // a transposed A small enough to read in place: several blocks a thread
    [InlineData(900, 40, 300, false, false)]
    [InlineData(900, 10, 300, true, false)]    // an output layer's weight gradient: the narrow path, split over rows
    [InlineData(256, 1024, 1024, false, true)] // an input gradient: on AVX-512 done as (B A^T)^T, split over rows of C^T
    [InlineData(60, 1030, 250, false, true)]
    public void Parallel_multiply_gives_the_same_bits_as_the_whole_product(int m, int n, int k, bool ta, bool tb)
    {
        var rng = new Random(m * n + k);
        float[] a = Random(rng, m * k), b = Random(rng, k * n);
        float[] whole = new float[m * n], split = new float[m * n];

        Gemm.Multiply(a, b, whole, m, n, k, ta, tb);
        Gemm.MultiplyParallel(a, b, split, m, n, k, ta, tb, maxDegreeOfParallelism: 2);

        Assert.Equal(whole, split);
    }

    [Theory]
    [InlineData(256, 1024, 1024, false)]
    [InlineData(13, 1100, 300, true)]   // ragged tiles on both sides
    [InlineData(9, 70, 1100, true)]     // two depth blocks: the second adds into C^T
    [InlineData(60, 1030, 250, false)]
    public void A_large_transposed_B_gives_the_same_bits_as_the_direct_form(int m, int n, int k, bool accumulate)
    {
        var rng = new Random(m + 7 * n + k);
        float[] a = Random(rng, m * k), b = Random(rng, n * k), c0 = Random(rng, m * n);
        foreach (SimdLevel level in SimdLevels.Available)
        {
            float[] direct = (float[])c0.Clone(), product = (float[])c0.Clone();
            Gemm.Multiply(a, b, product, m, n, k, false, true, accumulate, level);
            Direct(a, b, direct, m, n, k, accumulate, level);
            Assert.Equal(direct, product);
        }
    }

    private static unsafe void Direct(float[] a, float[] b, float[] c, int m, int n, int k, bool accumulate, SimdLevel level)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            Gemm.Run(level, false, pa, k, pb, k, pc, n, m, n, k, false, true, accumulate);
        }
    }

    private static float[] Random(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    private static float[] Dyadic(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = rng.Next(-16, 17) / 8f;
        return x;
    }
}
