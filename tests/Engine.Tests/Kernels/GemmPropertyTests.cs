using CsCheck;
using Hpo.Engine.Kernels;

namespace Hpo.Engine.Tests.Kernels;

public class GemmPropertyTests
{
    public static TheoryData<int> Levels() => new(SimdLevels.Available.Select(level => (int)level));

    /// <summary>Random shapes (m, n up to a few micro-tiles, k across one block boundary), exact on dyadic values.</summary>
    [Theory]
    [MemberData(nameof(Levels))]
    public void Any_shape_and_transpose_matches_the_reference(int level)
    {
        Gen.Select(Gen.Int[1, 40], Gen.Int[1, 80], Gen.Int[1, 300], Gen.Int[0, 7], Gen.Int, (m, n, k, flags, seed) => (m, n, k, flags, seed))
            .Sample(t =>
            {
                (int m, int n, int k, int flags, int seed) = t;
                bool ta = (flags & 1) != 0, tb = (flags & 2) != 0, acc = (flags & 4) != 0;
                var rng = new Random(seed);
                float[] a = Dyadic(rng, m * k), b = Dyadic(rng, k * n), c0 = Dyadic(rng, m * n);
                float[] expected = (float[])c0.Clone(), actual = (float[])c0.Clone();
                GemmReference.Multiply(a, b, expected, m, n, k, ta, tb, acc);
                Gemm.Multiply(a, b, actual, m, n, k, ta, tb, acc, (SimdLevel)level);
                Assert.Equal(expected, actual);
            }, iter: 200, threads: 1);
    }

    private static float[] Dyadic(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = rng.Next(-16, 17) / 8f;
        return x;
    }
}
