namespace Hpo.Engine.Kernels;

/// <summary>
/// A dense layer's bias-and-ReLU pass (forward) or ReLU-derivative-and-bias-gradient pass (backward)
/// split over a <see cref="WorkTeam"/> in blocks of columns: one block a thread, as the layer's products
/// split their columns, so each thread mostly reads what it just wrote. A column's rows are summed in
/// the same order in any block, so the bias gradient is the same bits at any thread count.
/// </summary>
internal sealed unsafe class ActivationTeamJob : ITeamWork
{
    /// <summary>Matrices smaller than this (floats) are done on the calling thread: waking the team costs more.</summary>
    internal const int MinSplitSize = 1 << 16;

    [ThreadStatic] private static ActivationTeamJob? perThread;

    private bool _backward;
    private float* _z, _y, _dy, _dz, _bias;
    private int _rows, _cols, _perChunk;

    /// <summary><see cref="ActivationKernels.BiasRelu(Span{float}, int, int, ReadOnlySpan{float}, Span{float})"/> on up to <paramref name="threads"/> threads.</summary>
    public static void BiasRelu(Span<float> z, int rows, int cols, ReadOnlySpan<float> bias, Span<float> y, int threads)
    {
        int chunks = Chunks(rows, cols, threads);
        if (chunks <= 1)
        {
            ActivationKernels.BiasRelu(z, rows, cols, bias, y);
            return;
        }
        ActivationKernels.CheckBiasRelu(z, rows, cols, bias, y);
        fixed (float* pz = z, py = y, pb = bias)
        {
            var job = For(false, rows, cols, chunks);
            job._z = pz;
            job._y = py;
            job._bias = pb;
            job.Run(threads, chunks);
        }
    }

    /// <summary>
    /// <see cref="ActivationKernels.ReluBackwardBiasGradient(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, Span{float})"/>
    /// on up to <paramref name="threads"/> threads.
    /// </summary>
    public static void ReluBackwardBiasGradient(ReadOnlySpan<float> z, ReadOnlySpan<float> dy, Span<float> dz,
        int rows, int cols, Span<float> biasGradient, int threads)
    {
        int chunks = Chunks(rows, cols, threads);
        if (chunks <= 1)
        {
            ActivationKernels.ReluBackwardBiasGradient(z, dy, dz, rows, cols, biasGradient);
            return;
        }
        ActivationKernels.CheckReluBackward(z, dy, dz, rows, cols, biasGradient);
        fixed (float* pz = z, pdy = dy, pdz = dz, pg = biasGradient)
        {
            var job = For(true, rows, cols, chunks);
            job._z = pz;
            job._dy = pdy;
            job._dz = pdz;
            job._bias = pg;
            job.Run(threads, chunks);
        }
    }

    /// <summary>Blocks of whole 16-float vectors, one a thread; 1 when the matrix is too small to split.</summary>
    private static int Chunks(int rows, int cols, int threads)
    {
        if (threads <= 1 || (long)rows * cols < MinSplitSize) return 1;
        return Math.Min(threads, (cols + 15) / 16);
    }

    private static ActivationTeamJob For(bool backward, int rows, int cols, int chunks)
    {
        var job = perThread ??= new ActivationTeamJob();
        (job._backward, job._rows, job._cols) = (backward, rows, cols);
        job._perChunk = ((cols + chunks - 1) / chunks + 15) / 16 * 16;
        return job;
    }

    private void Run(int threads, int chunks)
    {
        if (!WorkTeam.For(threads).TryRun(this, chunks))
        {
            for (int c = 0; c < chunks; c++) RunChunk(c);
        }
    }

    public void RunChunk(int chunk)
    {
        int start = chunk * _perChunk;
        int cols = Math.Min(_perChunk, _cols - start);
        if (cols <= 0) return;
        if (_backward)
            ActivationKernels.ReluBackwardBiasGradient(_z + start, _dy + start, _dz + start, _rows, cols, _cols, _bias + start);
        else
            ActivationKernels.BiasRelu(_z + start, _y + start, _bias + start, _rows, cols, _cols);
    }
}
