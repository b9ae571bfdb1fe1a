using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpo.Engine.Kernels;

/// <summary>
/// AVX-512 GEMM for small or narrow problems, read in place: no packing, no edge tiles. A tile of
/// 4 rows x 32 columns of C is summed over all of k in registers (masked loads and stores cover a
/// short last tile). The blocked driver's packing and edge handling cost more than the work itself
/// when n is below its 32-column micro-tile (an output layer of 1 or 10 units) or the whole product
/// is a few thousand multiply-adds (batch 1). op(B) = B^T is first transposed into scratch.
/// </summary>
internal static unsafe class SmallGemm512
{
    private const long MaxWork = 1 << 15;

    /// <summary>
    /// A^T B with few columns takes <see cref="NarrowTransposed"/> from this many entries of A: below it
    /// the padded copy of B and the scalar write-out of C cost more than the lanes won (measured equal
    /// at 256 x 10 x 128, 3 times faster at 1024 x 10 x 256, slower below).
    /// </summary>
    private const long NarrowMinArea = 1 << 17;

    /// <summary>Whether this path suits m x n x k (it depends on the whole problem, never on a thread's share of it).</summary>
    public static bool Suits(int m, int n, int k, bool transposeB)
    {
        if (!Avx512F.IsSupported) return false;
        if (transposeB && (long)n * k > 1 << 14) return false;
        return n < MicroKernel512.Nr || (long)m * n * k <= MaxWork;
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
        if (transposeA && n <= 16 && (long)m * k >= NarrowMinArea)
        {
            NarrowTransposed(a, lda, b, ldb, c, ldc, m, n, k, accumulate);
            return;
        }
        // op(A)[i, p] = a[i * rs + p * cs]
        nint rs = transposeA ? 1 : lda, cs = transposeA ? lda : 1;
        int i = 0;
        for (; i + 4 <= m; i += 4) Rows4(a + i * rs, rs, cs, b, ldb, c + i * ldc, ldc, n, k, accumulate);
        for (; i < m; i++) Row1(a + i * rs, cs, b, ldb, c + i * ldc, n, k, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Mask(int lanes) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(lanes)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows4(float* a, nint rs, nint cs, float* b, nint ldb, float* c, nint ldc, int n, int k, bool accumulate)
    {
        nint r2 = 2 * rs, r3 = 3 * rs;
        int j = 0;
        for (; j + 16 < n; j += 32)
        {
            Vector512<float> m1 = Mask(Math.Min(32, n - j) - 16);
            Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
            Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
            float* ap = a, bp = b + j;
            for (int p = 0; p < k; p++, ap += cs, bp += ldb)
            {
                Vector512<float> b0 = Vector512.Load(bp);
                Vector512<float> b1 = Avx512F.MaskLoad(bp + 16, m1, Vector512<float>.Zero);
                Vector512<float> av = Vector512.Create(ap[0]);
                c00 = Vector512.FusedMultiplyAdd(av, b0, c00); c01 = Vector512.FusedMultiplyAdd(av, b1, c01);
                av = Vector512.Create(ap[rs]);
                c10 = Vector512.FusedMultiplyAdd(av, b0, c10); c11 = Vector512.FusedMultiplyAdd(av, b1, c11);
                av = Vector512.Create(ap[r2]);
                c20 = Vector512.FusedMultiplyAdd(av, b0, c20); c21 = Vector512.FusedMultiplyAdd(av, b1, c21);
                av = Vector512.Create(ap[r3]);
                c30 = Vector512.FusedMultiplyAdd(av, b0, c30); c31 = Vector512.FusedMultiplyAdd(av, b1, c31);
            }
            float* cp = c + j;
            Store(cp, c00, accumulate); Store(cp + 16, c01, m1, accumulate); cp += ldc;
            Store(cp, c10, accumulate); Store(cp + 16, c11, m1, accumulate); cp += ldc;
            Store(cp, c20, accumulate); Store(cp + 16, c21, m1, accumulate); cp += ldc;
            Store(cp, c30, accumulate); Store(cp + 16, c31, m1, accumulate);
        }
        if (j < n)
        {
            // 16 columns or fewer left: one vector per row, two partial sums per row to hide the FMA latency.
            Vector512<float> m0 = Mask(n - j);
            Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
            Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
            float* ap = a, bp = b + j;
            int p = 0;
            for (; p + 2 <= k; p += 2, ap += 2 * cs, bp += 2 * ldb)
            {
                Vector512<float> b0 = Avx512F.MaskLoad(bp, m0, Vector512<float>.Zero);
                Vector512<float> b1 = Avx512F.MaskLoad(bp + ldb, m0, Vector512<float>.Zero);
                c00 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[0]), b0, c00); c01 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[cs]), b1, c01);
                c10 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[rs]), b0, c10); c11 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[rs + cs]), b1, c11);
                c20 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[r2]), b0, c20); c21 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[r2 + cs]), b1, c21);
                c30 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[r3]), b0, c30); c31 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[r3 + cs]), b1, c31);
            }
            if (p < k)
            {
                Vector512<float> b0 = Avx512F.MaskLoad(bp, m0, Vector512<float>.Zero);
                c00 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[0]), b0, c00);
                c10 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[rs]), b0, c10);
                c20 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[r2]), b0, c20);
                c30 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[r3]), b0, c30);
            }
            float* cp = c + j;
            Store(cp, c00 + c01, m0, accumulate); cp += ldc;
            Store(cp, c10 + c11, m0, accumulate); cp += ldc;
            Store(cp, c20 + c21, m0, accumulate); cp += ldc;
            Store(cp, c30 + c31, m0, accumulate);
        }
    }

    /// <summary>
    /// C = A^T B for at most 16 columns (an output layer's weight gradient, X^T dY): each step p reads
    /// 64 consecutive entries of A's row p (64 rows of C) and broadcasts 4 entries of B's row p, for 16
    /// full-width multiply-adds, where a row of C as a vector would use n of 16 lanes (1024 x 10 x 256:
    /// 3 times faster). B is first copied with its columns padded to a multiple of 4; each 64 x 4 block
    /// of C leaves through a small tile. (Copying A's rows into L1 first measured slower.) Each element
    /// sums its products in step order, so the bits do not depend on which rows a thread was given.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NarrowTransposed(float* a, nint lda, float* b, nint ldb, float* c, nint ldc, int m, int n, int k, bool accumulate)
    {
        int width = (n + 3) / 4 * 4;
        float* padded = GemmScratch.A(k * width); // B's buffer may hold B transposed
        for (int p = 0; p < k; p++)
        {
            for (int j = 0; j < n; j++) padded[p * width + j] = b[p * ldb + j];
            for (int j = n; j < width; j++) padded[p * width + j] = 0f;
        }
        float* tile = stackalloc float[64 * 4];
        for (int i0 = 0; i0 < m; i0 += 64)
        {
            int rows = Math.Min(64, m - i0);
            Vector512<float> m0 = Mask(Math.Min(16, rows)), m1 = Mask(Math.Clamp(rows - 16, 0, 16));
            Vector512<float> m2 = Mask(Math.Clamp(rows - 32, 0, 16)), m3 = Mask(Math.Clamp(rows - 48, 0, 16));
            for (int j0 = 0; j0 < n; j0 += 4)
            {
                Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
                Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
                Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
                Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
                float* ap = a + i0, bp = padded + j0;
                for (int p = 0; p < k; p++, ap += lda, bp += width)
                {
                    Vector512<float> a0 = Avx512F.MaskLoad(ap, m0, Vector512<float>.Zero);
                    Vector512<float> a1 = Avx512F.MaskLoad(ap + 16, m1, Vector512<float>.Zero);
                    Vector512<float> a2 = Avx512F.MaskLoad(ap + 32, m2, Vector512<float>.Zero);
                    Vector512<float> a3 = Avx512F.MaskLoad(ap + 48, m3, Vector512<float>.Zero);
                    Vector512<float> bv = Vector512.Create(bp[0]);
                    c00 = Vector512.FusedMultiplyAdd(a0, bv, c00); c10 = Vector512.FusedMultiplyAdd(a1, bv, c10);
                    c20 = Vector512.FusedMultiplyAdd(a2, bv, c20); c30 = Vector512.FusedMultiplyAdd(a3, bv, c30);
                    bv = Vector512.Create(bp[1]);
                    c01 = Vector512.FusedMultiplyAdd(a0, bv, c01); c11 = Vector512.FusedMultiplyAdd(a1, bv, c11);
                    c21 = Vector512.FusedMultiplyAdd(a2, bv, c21); c31 = Vector512.FusedMultiplyAdd(a3, bv, c31);
                    bv = Vector512.Create(bp[2]);
                    c02 = Vector512.FusedMultiplyAdd(a0, bv, c02); c12 = Vector512.FusedMultiplyAdd(a1, bv, c12);
                    c22 = Vector512.FusedMultiplyAdd(a2, bv, c22); c32 = Vector512.FusedMultiplyAdd(a3, bv, c32);
                    bv = Vector512.Create(bp[3]);
                    c03 = Vector512.FusedMultiplyAdd(a0, bv, c03); c13 = Vector512.FusedMultiplyAdd(a1, bv, c13);
                    c23 = Vector512.FusedMultiplyAdd(a2, bv, c23); c33 = Vector512.FusedMultiplyAdd(a3, bv, c33);
                }
                // tile[j * 64 + i] = C[i0 + i, j0 + j]
                c00.Store(tile); c10.Store(tile + 16); c20.Store(tile + 32); c30.Store(tile + 48);
                c01.Store(tile + 64); c11.Store(tile + 80); c21.Store(tile + 96); c31.Store(tile + 112);
                c02.Store(tile + 128); c12.Store(tile + 144); c22.Store(tile + 160); c32.Store(tile + 176);
                c03.Store(tile + 192); c13.Store(tile + 208); c23.Store(tile + 224); c33.Store(tile + 240);
                int cols = Math.Min(4, n - j0);
                for (int i = 0; i < rows; i++)
                {
                    float* cRow = c + (i0 + i) * ldc + j0;
                    for (int j = 0; j < cols; j++) cRow[j] = Subnormals.Flush(accumulate ? cRow[j] + tile[j * 64 + i] : tile[j * 64 + i]);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row1(float* a, nint cs, float* b, nint ldb, float* c, int n, int k, bool accumulate)
    {
        for (int j = 0; j < n; j += 16)
        {
            Vector512<float> m0 = Mask(Math.Min(16, n - j));
            Vector512<float> c0 = default, c1 = default;
            float* ap = a, bp = b + j;
            int p = 0;
            for (; p + 2 <= k; p += 2, ap += 2 * cs, bp += 2 * ldb)
            {
                c0 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[0]), Avx512F.MaskLoad(bp, m0, Vector512<float>.Zero), c0);
                c1 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[cs]), Avx512F.MaskLoad(bp + ldb, m0, Vector512<float>.Zero), c1);
            }
            if (p < k) c0 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[0]), Avx512F.MaskLoad(bp, m0, Vector512<float>.Zero), c0);
            Store(c + j, c0 + c1, m0, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<float> v, bool accumulate)
    {
        if (accumulate) v += Vector512.Load(c);
        Subnormals.Flush(v).Store(c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<float> v, Vector512<float> mask, bool accumulate)
    {
        if (accumulate) v += Avx512F.MaskLoad(c, mask, Vector512<float>.Zero);
        Avx512F.MaskStore(c, mask, Subnormals.Flush(v));
    }
}
