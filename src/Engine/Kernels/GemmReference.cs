namespace Hpo.Engine.Kernels;

/// <summary>
/// The plain scalar matrix multiply that the SIMD kernel is tested against.
/// C[m,n] = op(A)[m,k] * op(B)[k,n] (+ C when accumulate), all row-major;
/// op(A) = A (m x k) or A^T when A is stored k x m; op(B) = B (k x n) or B^T when B is stored n x k.
/// Subnormal results are flushed to zero, as every path of <see cref="Gemm"/> flushes them.
/// </summary>
public static class GemmReference
{
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c,
        int m, int n, int k, bool transposeA = false, bool transposeB = false, bool accumulate = false)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transposeA ? a[p * m + i] : a[i * k + p];
                    float bv = transposeB ? b[j * k + p] : b[p * n + j];
                    sum += av * bv;
                }
                c[i * n + j] = Subnormals.Flush(accumulate ? c[i * n + j] + (float)sum : (float)sum);
            }
        }
    }
}
