namespace Hpo.Engine.Kernels;

/// <summary>
/// One matrix product split over a team: blocks of rows of C, or of columns when C is wider than tall
/// (each thread then packs only its part of B). Every element of C is summed in the same order
/// whichever block it falls in, so the result is the same bits as the product done whole.
/// </summary>
internal sealed unsafe class GemmTeamJob : ITeamWork
{
    [ThreadStatic] private static GemmTeamJob? perThread;

    private SimdLevel _isa;
    private bool _small, _transposeA, _transposeB, _accumulate, _transposeC, _columns;
    private float* _a, _b, _c;
    private nint _lda, _ldb, _ldc;
    private int _m, _n, _k, _perChunk;

    /// <summary>Splits the product over <paramref name="team"/> in <paramref name="chunks"/> blocks of <paramref name="perChunk"/>
    /// rows (or columns, <paramref name="columns"/>); done whole on this thread when the team is busy.</summary>
    public static void Run(WorkTeam team, SimdLevel isa, bool small, float* a, nint lda, float* b, nint ldb, float* c, nint ldc,
        int m, int n, int k, bool transposeA, bool transposeB, bool accumulate, bool transposeC, bool columns, int perChunk, int chunks)
    {
        var job = perThread ??= new GemmTeamJob();
        (job._isa, job._small, job._lda, job._ldb, job._ldc) = (isa, small, lda, ldb, ldc);
        job._a = a;
        job._b = b;
        job._c = c;
        (job._m, job._n, job._k, job._transposeA, job._transposeB, job._accumulate) = (m, n, k, transposeA, transposeB, accumulate);
        (job._transposeC, job._columns, job._perChunk) = (transposeC, columns, perChunk);
        if (!team.TryRun(job, chunks))
            Gemm.Run(isa, small, a, lda, b, ldb, c, ldc, m, n, k, transposeA, transposeB, accumulate, transposeC);
    }

    public void RunChunk(int chunk)
    {
        int start = chunk * _perChunk;
        if (_columns)
        {
            int cols = Math.Min(_perChunk, _n - start);
            if (cols <= 0) return;
            float* b = _b + (_transposeB ? start * _ldb : start);
            float* c = _c + (_transposeC ? start * _ldc : start);
            Gemm.Run(_isa, _small, _a, _lda, b, _ldb, c, _ldc, _m, cols, _k, _transposeA, _transposeB, _accumulate, _transposeC);
            return;
        }
        int rows = Math.Min(_perChunk, _m - start);
        if (rows <= 0) return;
        float* a = _a + (_transposeA ? start : start * _lda);
        float* cRows = _c + (_transposeC ? start : start * _ldc);
        Gemm.Run(_isa, _small, a, _lda, _b, _ldb, cRows, _ldc, rows, _n, _k, _transposeA, _transposeB, _accumulate, _transposeC);
    }
}
