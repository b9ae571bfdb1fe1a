namespace Hpo.Engine.Kernels;

/// <summary>
/// The training hot spot: C[m,n] = op(A) * op(B) (+ C), row-major, same contract as <see cref="GemmReference"/>.
/// </summary>
public static class Gemm
{
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c,
        int m, int n, int k, bool transposeA = false, bool transposeB = false, bool accumulate = false)
        => GemmReference.Multiply(a, b, c, m, n, k, transposeA, transposeB, accumulate);
}
