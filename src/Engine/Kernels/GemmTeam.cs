namespace Hpo.Engine.Kernels;

/// <summary>
/// A fixed team of helper threads that, with the calling thread, split one GEMM over blocks of rows of C.
/// One team per team size serves the whole process; a caller that finds it busy (another trial is using
/// it) multiplies alone. Rows come out the same whichever thread computes them, so results never
/// depend on the split. Nothing is allocated per multiply.
/// </summary>
internal sealed unsafe class GemmTeam
{
    private static readonly Lock CreateLock = new();
    private static GemmTeam?[] teams = new GemmTeam?[8];

    /// <summary>Spin rounds a helper waits for the next job before it sleeps: the products of one step come back to back.</summary>
    private const int SpinRounds = 20_000;

    private readonly SemaphoreSlim[] _wake;
    private readonly int[] _sleeping;
    private int _busy;
    private int _remaining;
    private int _generation;

    // The current job, written by the caller before it releases the helpers.
    private SimdLevel _isa;
    private bool _small, _transposeA, _transposeB, _accumulate;
    private float* _a, _b, _c;
    private nint _lda, _ldb, _ldc;
    private int _m, _n, _k, _rowsPerChunk, _chunks;

    private GemmTeam(int size)
    {
        Size = size;
        _wake = new SemaphoreSlim[size - 1];
        _sleeping = new int[size - 1];
        for (int i = 0; i < size - 1; i++)
        {
            _wake[i] = new SemaphoreSlim(0);
            int chunk = i + 1;
            new Thread(() => Work(chunk)) { IsBackground = true, Name = $"hpo-gemm-{size}-{chunk}" }.Start();
        }
    }

    /// <summary>Threads working on a multiply, the caller included.</summary>
    public int Size { get; }

    /// <summary>The process's team of <paramref name="size"/> threads (2 or more), created on first use.</summary>
    public static GemmTeam For(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        var existing = size < teams.Length ? Volatile.Read(ref teams[size]) : null;
        if (existing is not null) return existing;
        lock (CreateLock)
        {
            if (size >= teams.Length) Array.Resize(ref teams, size + 1);
            return teams[size] ??= new GemmTeam(size);
        }
    }

    /// <summary>
    /// Runs the multiply on up to <paramref name="chunks"/> threads, each a block of
    /// <paramref name="rowsPerChunk"/> rows; alone when the team is busy.
    /// </summary>
    public void Run(SimdLevel isa, bool small, float* a, nint lda, float* b, nint ldb, float* c, nint ldc,
        int m, int n, int k, bool transposeA, bool transposeB, bool accumulate, int rowsPerChunk, int chunks)
    {
        if (chunks > Size || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            Gemm.Run(isa, small, a, lda, b, ldb, c, ldc, m, n, k, transposeA, transposeB, accumulate);
            return;
        }
        (_isa, _small, _lda, _ldb, _ldc) = (isa, small, lda, ldb, ldc);
        _a = a;
        _b = b;
        _c = c;
        (_m, _n, _k, _transposeA, _transposeB, _accumulate) = (m, n, k, transposeA, transposeB, accumulate);
        (_rowsPerChunk, _chunks) = (rowsPerChunk, chunks);
        Volatile.Write(ref _remaining, Size - 1);
        Interlocked.Increment(ref _generation);
        for (int i = 0; i < _wake.Length; i++)
        {
            if (Volatile.Read(ref _sleeping[i]) != 0) _wake[i].Release();
        }
        RunChunk(0);
        var spin = new SpinWait();
        while (Volatile.Read(ref _remaining) != 0) spin.SpinOnce(sleep1Threshold: -1);
        Volatile.Write(ref _busy, 0);
    }

    private void Work(int chunk)
    {
        int seen = 0;
        while (true)
        {
            int rounds = 0;
            while (Volatile.Read(ref _generation) == seen)
            {
                if (++rounds < SpinRounds)
                {
                    Thread.SpinWait(20);
                    continue;
                }
                // Announce the sleep, then look once more: a job posted in between is not missed, and a
                // wake-up left over from such a race only costs one more round of this loop.
                Interlocked.Exchange(ref _sleeping[chunk - 1], 1);
                if (Volatile.Read(ref _generation) == seen) _wake[chunk - 1].Wait();
                Interlocked.Exchange(ref _sleeping[chunk - 1], 0);
                rounds = 0;
            }
            seen = Volatile.Read(ref _generation);
            if (chunk < _chunks) RunChunk(chunk);
            Interlocked.Decrement(ref _remaining);
        }
    }

    private void RunChunk(int chunk)
    {
        int r0 = chunk * _rowsPerChunk;
        int rows = Math.Min(_rowsPerChunk, _m - r0);
        if (rows <= 0) return;
        float* a = _a + (_transposeA ? r0 : r0 * _lda);
        Gemm.Run(_isa, _small, a, _lda, _b, _ldb, _c + r0 * _ldc, _ldc, rows, _n, _k, _transposeA, _transposeB, _accumulate);
    }
}
