using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hpo.Engine.Kernels;

/// <summary>
/// Cache-blocked GEMM around a register-blocked micro-kernel, specialised per kernel by the JIT.
/// C[m,n] = op(A) * op(B) (+ C), with leading dimensions so callers can hand it sub-matrices.
/// </summary>
/// <remarks>
/// Loops (GotoBLAS's order): column blocks of <see cref="Nc"/> x depth blocks of <see cref="Kc"/> (B
/// block packed into Nr-wide micro-panels, or read in place) x row blocks of <see cref="McPanels"/>
/// micro-panels x column micro-panels (one B micro-panel) x row micro-panels: the wide B micro-panel
/// (Nr floats a step) is reused across the A block's narrow panels (Mr floats a step); about 10 %
/// faster at n = 1024 than the opposite order. An
/// untransposed A is read in place (measured as fast as packing it at every shape of the benchmark
/// cases); a transposed A and a short last micro-panel are packed. Edge tiles go through a small tile
/// on the stack, so any m, n, k works. Each element of C sums its products in the same order whatever
/// the blocking of rows and columns, so a block of C computed alone has the same bits. Every value
/// stored to C is flushed to zero if subnormal (by the micro-kernels, and where tiles are merged).
/// </remarks>
internal static unsafe class GemmDriver<TKernel> where TKernel : struct, IMicroKernel
{
    /// <summary>
    /// Depth of a block. Deep blocks load and store each tile of C fewer times; a B micro-panel
    /// (Kc x Nr, 128 KiB for AVX-512) then streams from L2, which on this Zen 5 keeps up: against 256,
    /// n = 1024 about 4 % faster, and no shape of the benchmark cases slower (measured in one process,
    /// variants interleaved; on the AVX2 path too).
    /// </summary>
    internal const int Kc = 1024;

    /// <summary>Width of a B block (measured best on a 1 MiB L2).</summary>
    internal const int Nc = 512;

    /// <summary>
    /// Row micro-panels in an A block (8 x Mr x Kc floats, 256 KiB for AVX-512, stream from L2). Short
    /// blocks matter most to a packed, transposed A: 128 x 256 x 784 weight gradient 172 -> 209
    /// GFLOP/s against 24 panels.
    /// </summary>
    internal const int McPanels = 8;

    /// <summary>
    /// Below this depth C's loads and stores outweigh B's reuse: row micro-panels then go one at a
    /// time, each across the whole width of C, so C is written row by row (not down a column of
    /// tiles, whose rows can alias in L1 when ldc is a multiple of 1024).
    /// </summary>
    internal const int ShallowK = 32;

    /// <summary>
    /// A transposed A of at most this many floats (64 KiB) is read in place, Mr consecutive floats a
    /// step, rather than packed: it stays in cache, and packing it cost a tenth of a 128 x 128 x 32
    /// weight gradient.
    /// </summary>
    internal const long SmallTransposedA = 16384;

    /// <param name="lda">row stride of A as stored (m x k, or k x m when <paramref name="transposeA"/>)</param>
    /// <param name="ldb">row stride of B as stored (k x n, or n x k when <paramref name="transposeB"/>)</param>
    /// <param name="ldc">row stride of C (of C^T when <paramref name="transposeC"/>)</param>
    /// <param name="transposeC">C is stored transposed: element (i, j) at c[j * ldc + i]</param>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* a, nint lda, float* b, nint ldb, float* c, nint ldc,
        int m, int n, int k, bool transposeA, bool transposeB, bool accumulate, bool transposeC = false)
    {
        int mr = TKernel.Mr, nr = TKernel.Nr;
        int kcMax = Math.Min(Kc, k);
        int mc = kcMax < ShallowK ? mr : McPanels * mr;
        bool directA = !transposeA || (long)m * k <= SmallTransposedA;
        // A packed A is packed again for every column block: wider blocks pack it half as often
        // (1024^3 weight gradient: about 185 -> 195 GFLOP/s; an A read in place does better with Nc).
        int ncBlock = directA ? Nc : 2 * Nc;
        int ncMax = Math.Min(ncBlock, n);
        float* packedB = GemmScratch.B(kcMax * RoundUp(ncMax, nr));
        float* packedA = GemmScratch.A(kcMax * RoundUp(Math.Min(mc, m), mr));
        float* tile = stackalloc float[mr * nr];
        bool directB = ReadBInPlace(m, n, transposeB);

        for (int jc = 0; jc < n; jc += ncBlock)
        {
            int nc = Math.Min(ncBlock, n - jc);
            for (int pc = 0; pc < k; pc += Kc)
            {
                int kc = Math.Min(Kc, k - pc);
                bool add = accumulate || pc > 0;
                int fullCols = nc / nr * nr;
                if (!directB) PackB(b, ldb, transposeB, pc, kc, jc, nc, packedB);
                else if (fullCols < nc) PackB(b, ldb, false, pc, kc, jc + fullCols, nc - fullCols, packedB);

                for (int ic = 0; ic < m; ic += mc)
                {
                    int mcRows = Math.Min(mc, m - ic);
                    int fullRows = directA ? mcRows : mcRows / mr * mr;
                    if (!directA && transposeA) PackTransposedBlock(a, lda, ic, fullRows, pc, kc, packedA);
                    for (int ir = fullRows / mr * mr; ir < mcRows; ir += mr)
                    {
                        int rows = Math.Min(mr, mcRows - ir);
                        if (!directA || rows < mr)
                        {
                            PackA(a, lda, transposeA, ic + ir, rows, pc, kc, packedA + (nint)(ir / mr) * kc * mr);
                        }
                    }

                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        float* bp;
                        nint bStride;
                        if (!directB)
                        {
                            bp = packedB + (nint)(jr / nr) * kc * nr;
                            bStride = nr;
                        }
                        else if (cols == nr)
                        {
                            bp = b + pc * ldb + jc + jr;
                            bStride = ldb;
                        }
                        else
                        {
                            bp = packedB;
                            bStride = nr;
                        }

                        for (int ir = 0; ir < mcRows; ir += mr)
                        {
                            int rows = Math.Min(mr, mcRows - ir);
                            float* ap;
                            nint rs, cs;
                            if (directA && rows == mr && !transposeA)
                            {
                                ap = a + (ic + ir) * lda + pc;
                                rs = lda;
                                cs = 1;
                            }
                            else if (directA && rows == mr)
                            {
                                // op(A)[i, p] = a[p * lda + i]: Mr consecutive floats a step.
                                ap = a + pc * lda + ic + ir;
                                rs = 1;
                                cs = lda;
                            }
                            else
                            {
                                ap = packedA + (nint)(ir / mr) * kc * mr;
                                rs = 1;
                                cs = mr;
                            }

                            if (transposeC)
                            {
                                TKernel.Run(kc, ap, rs, cs, bp, bStride, tile, nr, false);
                                MergeTileTransposed(tile, c + (jc + jr) * ldc + ic + ir, ldc, rows, cols, add);
                                continue;
                            }

                            float* cTile = c + (ic + ir) * ldc + jc + jr;
                            if (rows == mr && cols == nr)
                            {
                                TKernel.Run(kc, ap, rs, cs, bp, bStride, cTile, ldc, add);
                            }
                            else
                            {
                                TKernel.Run(kc, ap, rs, cs, bp, bStride, tile, nr, false);
                                MergeTile(tile, cTile, ldc, rows, cols, add);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Whether full micro-panels of an untransposed B are read where they are instead of packed.
    /// Packing costs a pass over the B block, repaid only when many row micro-panels reuse it; with
    /// few rows (or a narrow B, whose rows stay on a few pages) reading B in place is faster. A wide
    /// B read in place touches a new page every step, so beyond that it is packed.
    /// </summary>
    internal static bool ReadBInPlace(int m, int n, bool transposeB)
        => !transposeB && (m < 2 * TKernel.Mr || (m <= 8 * TKernel.Mr && n <= 512));

    /// <summary>Steps of an untransposed B copied into each panel per visit.</summary>
    private const int PackSteps = 8;

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    /// <summary>Packs op(B)[pc.., jc..] (kc x nc) into Nr-wide micro-panels, zero padding the last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(float* b, nint ldb, bool transposeB, int pc, int kc, int jc, int nc, float* dst)
    {
        int nr = TKernel.Nr;
        nint panelSize = (nint)kc * nr;
        if (!transposeB)
        {
            // op(B)[p, j] = b[p * ldb + j]: every step of a panel is a contiguous copy. Eight steps at a
            // time, so each panel receives 8 x Nr contiguous floats per visit rather than one Nr run, with
            // Nc / Nr panels written at once: d's step 1.4 % faster at one thread and at two (forward
            // products, B freshly updated; in-process A/B).
            int full = nc / nr * nr;
            int kc8 = kc / PackSteps * PackSteps;
            for (int p0 = 0; p0 < kc8; p0 += PackSteps)
            {
                float* src = b + (pc + p0) * ldb + jc;
                float* d = dst + (nint)p0 * nr;
                for (int j = 0; j < full; j += nr, d += panelSize)
                {
                    for (int q = 0; q < PackSteps; q++)
                    {
                        Unsafe.CopyBlockUnaligned(d + q * nr, src + q * ldb + j, (uint)(nr * sizeof(float)));
                    }
                }
            }
            for (int p = kc8; p < kc; p++)
            {
                float* src = b + (pc + p) * ldb + jc;
                float* d = dst + (nint)p * nr;
                for (int j = 0; j < full; j += nr, d += panelSize)
                {
                    Unsafe.CopyBlockUnaligned(d, src + j, (uint)(nr * sizeof(float)));
                }
            }
            if (full < nc)
            {
                int cols = nc - full;
                float* d = dst + (nint)(full / nr) * panelSize;
                for (int p = 0; p < kc; p++, d += nr)
                {
                    float* src = b + (pc + p) * ldb + jc + full;
                    for (int jj = 0; jj < cols; jj++) d[jj] = src[jj];
                    for (int jj = cols; jj < nr; jj++) d[jj] = 0f;
                }
            }
        }
        else
        {
            // op(B)[p, j] = b[j * ldb + p]: transpose rows of stored B into panel columns.
            bool blocks = Transpose8x8.IsSupported && nr % 8 == 0;
            int kc8 = kc / 8 * 8;
            for (int jr = 0; jr < nc; jr += nr, dst += panelSize)
            {
                int cols = Math.Min(nr, nc - jr);
                if (blocks && cols == nr)
                {
                    float* src = b + (jc + jr) * ldb + pc;
                    for (int p = 0; p < kc8; p += 8)
                    {
                        for (int jj = 0; jj < nr; jj += 8)
                        {
                            Transpose8x8.Run(src + jj * ldb + p, ldb, dst + (nint)p * nr + jj, nr);
                        }
                    }
                    for (int jj = 0; jj < nr; jj++)
                    {
                        float* s = src + jj * ldb;
                        for (int p = kc8; p < kc; p++) dst[(nint)p * nr + jj] = s[p];
                    }
                    continue;
                }
                for (int jj = 0; jj < cols; jj++)
                {
                    float* src = b + (jc + jr + jj) * ldb + pc;
                    float* d = dst + jj;
                    for (int p = 0; p < kc; p++) d[(nint)p * nr] = src[p];
                }
                for (int jj = cols; jj < nr; jj++)
                {
                    float* d = dst + jj;
                    for (int p = 0; p < kc; p++) d[(nint)p * nr] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// Packs the full micro-panels of a transposed A's block (op(A)[i0..i0+rows, pc..pc+kc], rows a
    /// multiple of Mr) step by step: each step reads one contiguous run of A's row and deals it out to
    /// the panels, where panel by panel would read every row Mr floats at a time, kc rows apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackTransposedBlock(float* a, nint lda, int i0, int rows, int pc, int kc, float* dst)
    {
        int mr = TKernel.Mr;
        nint panelSize = (nint)kc * mr;
        for (int p = 0; p < kc; p++)
        {
            float* src = a + (pc + p) * lda + i0;
            float* d = dst + (nint)p * mr;
            for (int ir = 0; ir < rows; ir += mr, d += panelSize)
            {
                Unsafe.CopyBlockUnaligned(d, src + ir, (uint)(mr * sizeof(float)));
            }
        }
    }

    /// <summary>Packs op(A)[i0.., pc..] (rows x kc) as kc steps of Mr floats, zero padding missing rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(float* a, nint lda, bool transposeA, int i0, int rows, int pc, int kc, float* dst)
    {
        int mr = TKernel.Mr;
        if (transposeA)
        {
            // op(A)[i, p] = a[p * lda + i]: one contiguous copy per step.
            for (int p = 0; p < kc; p++, dst += mr)
            {
                float* src = a + (pc + p) * lda + i0;
                if (rows == mr)
                {
                    Unsafe.CopyBlockUnaligned(dst, src, (uint)(mr * sizeof(float)));
                }
                else
                {
                    for (int r = 0; r < rows; r++) dst[r] = src[r];
                    for (int r = rows; r < mr; r++) dst[r] = 0f;
                }
            }
        }
        else
        {
            for (int r = 0; r < rows; r++)
            {
                float* src = a + (i0 + r) * lda + pc;
                for (int p = 0; p < kc; p++) dst[(nint)p * mr + r] = src[p];
            }
            for (int r = rows; r < mr; r++)
            {
                for (int p = 0; p < kc; p++) dst[(nint)p * mr + r] = 0f;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MergeTile(float* tile, float* c, nint ldc, int rows, int cols, bool add)
    {
        int nr = TKernel.Nr;
        for (int r = 0; r < rows; r++, tile += nr, c += ldc)
        {
            if (add)
            {
                for (int j = 0; j < cols; j++) c[j] = Subnormals.Flush(c[j] + tile[j]);
            }
            else
            {
                for (int j = 0; j < cols; j++) c[j] = tile[j];
            }
        }
    }

    /// <summary>Writes (or adds) a rows x cols tile into C stored transposed: tile (r, q) to ct[q * ldc + r].</summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MergeTileTransposed(float* tile, float* ct, nint ldc, int rows, int cols, bool add)
    {
        int nr = TKernel.Nr;
        if (rows == TKernel.Mr && cols == nr && rows % 8 == 0 && nr % 8 == 0 && Transpose8x8.IsSupported)
        {
            float* block = stackalloc float[64];
            for (int r0 = 0; r0 < rows; r0 += 8)
            {
                for (int q0 = 0; q0 < nr; q0 += 8)
                {
                    float* dst = ct + q0 * ldc + r0;
                    if (!add)
                    {
                        Transpose8x8.Run(tile + r0 * nr + q0, nr, dst, ldc);
                        continue;
                    }
                    Transpose8x8.Run(tile + r0 * nr + q0, nr, block, 8);
                    for (int q = 0; q < 8; q++)
                    {
                        float* row = dst + q * ldc;
                        Subnormals.Flush(Vector256.Load(row) + Vector256.Load(block + q * 8)).Store(row);
                    }
                }
            }
            return;
        }
        for (int q = 0; q < cols; q++)
        {
            float* row = ct + q * ldc;
            for (int r = 0; r < rows; r++)
            {
                float v = tile[r * nr + q];
                row[r] = add ? Subnormals.Flush(row[r] + v) : v;
            }
        }
    }
}
