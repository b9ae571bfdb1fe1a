using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpo.Engine.Kernels;

/// <summary>
/// AVX2 GEMM for small or narrow problems, read in place, as <see cref="SmallGemm512"/> with 8-lane
/// vectors: a tile of 4 rows x 16 columns; masked loads cover a short last tile, whose results are
/// stored lane by lane (masked AVX stores are slow on some processors). The blocked driver's packing and edge handling cost more than the work itself
/// when n is below its 32-column micro-tile (an output layer of 1 or 10 units) or the whole product
/// is a few thousand multiply-adds (batch 1). op(B) = B^T is first transposed into scratch.
/// </summary>
internal static unsafe class SmallGemm256
{
    private const long MaxWork = 1 << 15;

    /// <summary>Whether this path suits m x n x k (it depends on the whole problem, never on a thread's share of it).</summary>
    public static bool Suits(int m, int n, int k, bool transposeB)
    {
        if (!Avx2.IsSupported || !Fma.IsSupported) return false;
        if (transposeB && (long)n * k > 1 << 14) return false;
        return n < MicroKernel256.Nr || (long)m * n * k <= MaxWork;
    }

    /// <summary>C[m,n] = op(A) op(B) (+ C); strides as <see cref="GemmDriver{TKernel}.Run"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* a, nint lda, float* b, nint ldb, float* c, nint ldc,
        int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
    {
        if (transposeB)
        {
            float* t = GemmScratch.B(k * n);
            for (int j = 0; j < n; j++)
            {
                float* src = b + j * ldb;
                for (int p = 0; p < k; p++) t[p * n + j] = src[p];
            }
            b = t;
            ldb = n;
        }
        // op(A)[i, p] = a[i * rs + p * cs]
        nint rs = transposeA ? 1 : lda, cs = transposeA ? lda : 1;
        int i = 0;
        for (; i + 4 <= m; i += 4) Rows4(a + i * rs, rs, cs, b, ldb, c + i * ldc, ldc, n, k, accumulate);
        for (; i < m; i++) Row1(a + i * rs, cs, b, ldb, c + i * ldc, n, k, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Mask(int lanes) =>
        Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(lanes)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows4(float* a, nint rs, nint cs, float* b, nint ldb, float* c, nint ldc, int n, int k, bool accumulate)
    {
        nint r2 = 2 * rs, r3 = 3 * rs;
        int j = 0;
        for (; j + 8 < n; j += 16)
        {
            Vector256<float> m1 = Mask(Math.Min(16, n - j) - 8);
            Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
            Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
            float* ap = a, bp = b + j;
            for (int p = 0; p < k; p++, ap += cs, bp += ldb)
            {
                Vector256<float> b0 = Vector256.Load(bp);
                Vector256<float> b1 = Avx.MaskLoad(bp + 8, m1);
                Vector256<float> av = Vector256.Create(ap[0]);
                c00 = Vector256.FusedMultiplyAdd(av, b0, c00); c01 = Vector256.FusedMultiplyAdd(av, b1, c01);
                av = Vector256.Create(ap[rs]);
                c10 = Vector256.FusedMultiplyAdd(av, b0, c10); c11 = Vector256.FusedMultiplyAdd(av, b1, c11);
                av = Vector256.Create(ap[r2]);
                c20 = Vector256.FusedMultiplyAdd(av, b0, c20); c21 = Vector256.FusedMultiplyAdd(av, b1, c21);
                av = Vector256.Create(ap[r3]);
                c30 = Vector256.FusedMultiplyAdd(av, b0, c30); c31 = Vector256.FusedMultiplyAdd(av, b1, c31);
            }
            float* cp = c + j;
            Store(cp, c00, accumulate); Store(cp + 8, c01, m1, accumulate); cp += ldc;
            Store(cp, c10, accumulate); Store(cp + 8, c11, m1, accumulate); cp += ldc;
            Store(cp, c20, accumulate); Store(cp + 8, c21, m1, accumulate); cp += ldc;
            Store(cp, c30, accumulate); Store(cp + 8, c31, m1, accumulate);
        }
        if (j < n)
        {
            // 8 columns or fewer left: one vector per row, two partial sums per row to hide the FMA latency.
            Vector256<float> m0 = Mask(n - j);
            Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
            Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
            float* ap = a, bp = b + j;
            int p = 0;
            for (; p + 2 <= k; p += 2, ap += 2 * cs, bp += 2 * ldb)
            {
                Vector256<float> b0 = Avx.MaskLoad(bp, m0);
                Vector256<float> b1 = Avx.MaskLoad(bp + ldb, m0);
                c00 = Vector256.FusedMultiplyAdd(Vector256.Create(ap[0]), b0, c00); c01 = Vector256.FusedMultiplyAdd(Vector256.Create(ap[cs]), b1, c01);
                c10 = Vector256.FusedMultiplyAdd(Vector256.Create(ap[rs]), b0, c10); c11 = Vector256.FusedMultiplyAdd(Vector256.Create(ap[rs + cs]), b1, c11);
                c20 = Vector256.FusedMultiplyAdd(Vector256.Create(ap[r2]), b0, c20); c21 = Vector256.FusedMultiplyAdd(Vector256.Create(ap[r2 + cs]), b1, c21);
                c30 = Vector256.FusedMultiplyAdd(Vector256.Create(ap[r3]), b0, c30); c31 = Vector256.FusedMultiplyAdd(Vector256.Create(ap[r3 + cs]), b1, c31);
            }
            if (p < k)
            {
                Vector256<float> b0 = Avx.MaskLoad(bp, m0);
                c00 = Vector256.FusedMultiplyAdd(Vector256.Create(ap[0]), b0, c00);
                c10 = Vector256.FusedMultiplyAdd(Vector256.Create(ap[rs]), b0, c10);
                c20 = Vector256.FusedMultiplyAdd(Vector256.Create(ap[r2]), b0, c20);
                c30 = Vector256.FusedMultiplyAdd(Vector256.Create(ap[r3]), b0, c30);
            }
            float* cp = c + j;
            Store(cp, c00 + c01, m0, accumulate); cp += ldc;
            Store(cp, c10 + c11, m0, accumulate); cp += ldc;
            Store(cp, c20 + c21, m0, accumulate); cp += ldc;
            Store(cp, c30 + c31, m0, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row1(float* a, nint cs, float* b, nint ldb, float* c, int n, int k, bool accumulate)
    {
        for (int j = 0; j < n; j += 8)
        {
            Vector256<float> m0 = Mask(Math.Min(8, n - j));
            Vector256<float> c0 = default, c1 = default;
            float* ap = a, bp = b + j;
            int p = 0;
            for (; p + 2 <= k; p += 2, ap += 2 * cs, bp += 2 * ldb)
            {
                c0 = Vector256.FusedMultiplyAdd(Vector256.Create(ap[0]), Avx.MaskLoad(bp, m0), c0);
                c1 = Vector256.FusedMultiplyAdd(Vector256.Create(ap[cs]), Avx.MaskLoad(bp + ldb, m0), c1);
            }
            if (p < k) c0 = Vector256.FusedMultiplyAdd(Vector256.Create(ap[0]), Avx.MaskLoad(bp, m0), c0);
            Store(c + j, c0 + c1, m0, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> v, bool accumulate)
    {
        if (accumulate) v += Vector256.Load(c);
        Subnormals.Flush(v).Store(c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> v, Vector256<float> mask, bool accumulate)
    {
        if (accumulate) v += Avx.MaskLoad(c, mask);
        v = Subnormals.Flush(v);
        for (int lane = 0; lane < 8 && mask.AsInt32().GetElement(lane) != 0; lane++) c[lane] = v.GetElement(lane);
    }
}
