using System.Runtime.CompilerServices;
namespace Hpo.Engine.Kernels;

/// <summary>
/// The training hot spot: C[m,n] = op(A) * op(B) (+ C), row-major, same contract as <see cref="GemmReference"/>.
/// op(A) = A (stored m x k) or A^T (A stored k x m); op(B) = B (stored k x n) or B^T (B stored n x k).
/// </summary>
/// <remarks>
/// A cache-blocked, packed SIMD kernel (AVX-512, AVX2, 128-bit or scalar, whichever is the widest this
/// machine accelerates: see <see cref="Isa"/>). Single-threaded; <see cref="MultiplyParallel"/> splits
/// large problems over rows. C must not overlap A or B. Allocates nothing in steady state (per-thread
/// packing buffers are reused).
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>The path <c>Multiply</c> takes here: "avx512", "avx2", "sse" or "scalar".</summary>
    public static string Isa => SimdLevels.Name(SimdLevels.Best);

    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c,
        int m, int n, int k, bool transposeA = false, bool transposeB = false, bool accumulate = false)
        => Multiply(a, b, c, m, n, k, transposeA, transposeB, accumulate, SimdLevels.Best);

    /// <summary>
    /// As <see cref="Multiply(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, bool, bool, bool)"/>,
    /// split over blocks of rows of C (of columns when C is wider than tall) on up to
    /// <paramref name="maxDegreeOfParallelism"/> threads (-1: one per core) when the problem is large
    /// enough to pay for it (about 4 M multiply-adds a thread). The threads are a team kept for the
    /// process (<see cref="WorkTeam"/>); a split call allocates nothing once the team exists, and the
    /// result is the same bits as <c>Multiply</c>'s whatever the thread count.
    /// </summary>
    public static void MultiplyParallel(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c,
        int m, int n, int k, bool transposeA = false, bool transposeB = false, bool accumulate = false,
        int maxDegreeOfParallelism = -1)
    {
        const long minFlopsPerThread = 1L << 22;
        Validate(a, b, c, m, n, k);
        int threads = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        long work = (long)m * n * k;
        threads = (int)Math.Min(threads, Math.Max(1, work / minFlopsPerThread));
        SimdLevel isa = SimdLevels.Best;
        if (threads <= 1 || k == 0)
        {
            Multiply(a, b, c, m, n, k, transposeA, transposeB, accumulate, isa);
            return;
        }
        bool small = SmallSuits(isa, m, n, k, transposeB);
        nint ldc = n;
        bool transposeC = SwapsOperands(isa, small, m, n, k, transposeA, transposeB);
        if (transposeC)
        {
            var first = a;
            a = b;
            b = first;
            (m, n, transposeB) = (n, m, true);
        }
        // Columns only on the blocked path: the small path's column tiles depend on where a block starts.
        bool columns = !small && n > m;
        int extent = columns ? n : m;
        int granule = columns ? 32 : MicroRows(isa);
        // Several chunks a thread (each at least ~1 M multiply-adds) so that a thread the machine
        // preempts holds up only a small one.
        int pieces = (int)Math.Clamp(Math.Min(4L * threads, work / (1L << 20)), threads, WorkTeam.MaxChunks);
        if (!small && EveryChunkPacksShared(isa, columns, m, n, k, threads, transposeA, transposeB)) pieces = threads;
        int perChunk = (extent + pieces - 1) / pieces;
        perChunk = (perChunk + granule - 1) / granule * granule;
        int chunks = perChunk == 0 ? 0 : (extent + perChunk - 1) / perChunk;

        fixed (float* pa = a, pb = b, pc = c)
        {
            nint lda = transposeA ? m : k, ldb = transposeB ? k : n;
            if (chunks <= 1)
                Run(isa, small, pa, lda, pb, ldb, pc, ldc, m, n, k, transposeA, transposeB, accumulate, transposeC);
            else
                GemmTeamJob.Run(WorkTeam.For(threads), isa, small, pa, lda, pb, ldb, pc, ldc,
                    m, n, k, transposeA, transposeB, accumulate, transposeC, columns, perChunk, chunks);
        }
    }

    /// <summary>
    /// Whether each block of a split packs the operand all blocks share (all of A for blocks of columns
    /// when A is a large transposed one; all of B for blocks of rows unless B is read in place): the
    /// split then gives each thread one block, since every further block packs it again (on two threads,
    /// 256 x 1024 x 784 weight gradient with four blocks each: 1.25x of one thread).
    /// </summary>
    private static bool EveryChunkPacksShared(SimdLevel isa, bool columns, int m, int n, int k, int threads,
        bool transposeA, bool transposeB)
    {
        if (columns) return transposeA && (long)m * k > GemmDriver<MicroKernel512>.SmallTransposedA;
        int rows = m / threads;
        return isa switch
        {
            SimdLevel.Avx512 => !GemmDriver<MicroKernel512>.ReadBInPlace(rows, n, transposeB),
            SimdLevel.Avx2 => !GemmDriver<MicroKernel256>.ReadBInPlace(rows, n, transposeB),
            SimdLevel.Sse => !GemmDriver<MicroKernel128>.ReadBInPlace(rows, n, transposeB),
            _ => !GemmDriver<MicroKernelScalar>.ReadBInPlace(rows, n, transposeB),
        };
    }

    /// <summary>The multiply on a chosen path; tests use it to cover every path this machine has.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c,
        int m, int n, int k, bool transposeA, bool transposeB, bool accumulate, SimdLevel isa)
    {
        Validate(a, b, c, m, n, k);
        if (isa > SimdLevels.Best)
        {
            throw new PlatformNotSupportedException($"GEMM path {SimdLevels.Name(isa)} is not accelerated on this machine");
        }
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate) c[..(m * n)].Clear();
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            Run(isa, pa, transposeA ? m : k, pb, transposeB ? k : n, pc, n, m, n, k, transposeA, transposeB, accumulate);
        }
    }

    internal static int MicroRows(SimdLevel isa) => isa switch
    {
        SimdLevel.Avx512 => MicroKernel512.Mr,
        SimdLevel.Avx2 => MicroKernel256.Mr,
        SimdLevel.Sse => MicroKernel128.Mr,
        _ => MicroKernelScalar.Mr,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(SimdLevel isa, float* a, nint lda, float* b, nint ldb, float* c, nint ldc,
        int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
    {
        bool small = SmallSuits(isa, m, n, k, transposeB);
        if (SwapsOperands(isa, small, m, n, k, transposeA, transposeB))
            Run(isa, false, b, ldb, a, lda, c, ldc, n, m, k, false, true, accumulate, transposeC: true);
        else
            Run(isa, small, a, lda, b, ldb, c, ldc, m, n, k, transposeA, transposeB, accumulate);
    }

    /// <summary>
    /// Whether A * B^T with the larger B (an input gradient: output gradient times the weights) is
    /// computed as (B * A^T)^T, written into C transposed: B is then read in place and only the small A
    /// is packed, where the direct form packs all of B transposed. Same bits: every element sums the same
    /// products in the same order. Measured on AVX-512 (A/B in one process): 256 x 1024 x 1024 +4 %,
    /// 256 x 784 x 1024 +11 %, 64 x 1024 x 1024 +39 %, 128 x 256 x 256 even; on AVX2, whose 6-row
    /// tiles are written back element by element, even at 256 rows and 9 % slower at 128 x 256 x 256.
    /// </summary>
    internal static bool SwapsOperands(SimdLevel isa, bool small, int m, int n, int k, bool transposeA, bool transposeB)
        => isa == SimdLevel.Avx512 && !small && transposeB && !transposeA && n > m && (long)n * k >= 1 << 16;

    /// <summary>Whether the unpacked small-product path of <paramref name="isa"/> takes the whole problem.</summary>
    private static bool SmallSuits(SimdLevel isa, int m, int n, int k, bool transposeB) => isa switch
    {
        SimdLevel.Avx512 => SmallGemm512.Suits(m, n, k, transposeB),
        SimdLevel.Avx2 => SmallGemm256.Suits(m, n, k, transposeB),
        _ => false,
    };

    /// <summary>
    /// The multiply on a path chosen for the whole problem (<paramref name="small"/>: <see cref="SmallGemm512"/>),
    /// so a block of rows computed on its own comes out exactly as within the whole.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Run(SimdLevel isa, bool small, float* a, nint lda, float* b, nint ldb, float* c, nint ldc,
        int m, int n, int k, bool transposeA, bool transposeB, bool accumulate, bool transposeC = false)
    {
        if (small && transposeC) throw new ArgumentException("the small path writes C untransposed", nameof(transposeC));
        switch (isa)
        {
            case SimdLevel.Avx512 when small:
                SmallGemm512.Run(a, lda, b, ldb, c, ldc, m, n, k, transposeA, transposeB, accumulate);
                break;
            case SimdLevel.Avx512:
                GemmDriver<MicroKernel512>.Run(a, lda, b, ldb, c, ldc, m, n, k, transposeA, transposeB, accumulate, transposeC);
                break;
            case SimdLevel.Avx2 when small:
                SmallGemm256.Run(a, lda, b, ldb, c, ldc, m, n, k, transposeA, transposeB, accumulate);
                break;
            case SimdLevel.Avx2:
                GemmDriver<MicroKernel256>.Run(a, lda, b, ldb, c, ldc, m, n, k, transposeA, transposeB, accumulate, transposeC);
                break;
            case SimdLevel.Sse:
                GemmDriver<MicroKernel128>.Run(a, lda, b, ldb, c, ldc, m, n, k, transposeA, transposeB, accumulate, transposeC);
                break;
            default:
                GemmDriver<MicroKernelScalar>.Run(a, lda, b, ldb, c, ldc, m, n, k, transposeA, transposeB, accumulate, transposeC);
                break;
        }
    }

    private static void Validate(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        long mk = (long)m * k, kn = (long)k * n, mn = (long)m * n;
        if (a.Length < mk) throw new ArgumentException($"A holds {a.Length} floats, needs {mk} ({m} x {k})", nameof(a));
        if (b.Length < kn) throw new ArgumentException($"B holds {b.Length} floats, needs {kn} ({k} x {n})", nameof(b));
        if (c.Length < mn) throw new ArgumentException($"C holds {c.Length} floats, needs {mn} ({m} x {n})", nameof(c));
        Span<float> cUsed = c[..(int)mn];
        if (cUsed.Overlaps(a[..(int)mk]) || cUsed.Overlaps(b[..(int)kn]))
        {
            throw new ArgumentException("C must not overlap A or B", nameof(c));
        }
    }
}
