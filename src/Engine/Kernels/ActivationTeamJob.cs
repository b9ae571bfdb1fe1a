using System.Runtime.CompilerServices;
namespace Hpo.Engine.Kernels;

/// <summary>
/// A dense layer's bias-and-ReLU pass (forward) or ReLU-derivative-and-bias-gradient pass (backward)
/// split over a <see cref="WorkTeam"/>. What a pass writes is split in blocks of rows, one a thread, so
/// each thread writes one contiguous run of memory: two threads writing halves of the same rows at once
/// gained nothing over one (256 x 1024 forward pass: 32 us on two threads in blocks of columns, 29 on
/// one, 15 in blocks of rows; in a slow period of this VM the halves of the backward pass took 70-90 us
/// each against 16-22 us in blocks of rows). The bias gradient, a sum down each column, is then a
/// read-only pass in blocks of columns, each summed row after row as on one thread: the same bits at any
/// thread count.
/// </summary>
internal sealed unsafe class ActivationTeamJob : ITeamWork
{
    /// <summary>Matrices smaller than this (floats) are done on the calling thread: waking the team costs more.</summary>
    internal const int MinSplitSize = 1 << 16;

    [ThreadStatic] private static ActivationTeamJob? perThread;

    private Pass _pass;
    private float* _z, _y, _dy, _dz, _bias;
    private int _rows, _cols, _perChunk;

    private enum Pass { BiasRelu, ReluBackward, BiasGradient }

    /// <summary><see cref="ActivationKernels.BiasRelu(Span{float}, int, int, ReadOnlySpan{float}, Span{float})"/> on up to <paramref name="threads"/> threads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BiasRelu(Span<float> z, int rows, int cols, ReadOnlySpan<float> bias, Span<float> y, int threads)
    {
        if (!Splits(rows, cols, threads))
        {
            ActivationKernels.BiasRelu(z, rows, cols, bias, y);
            return;
        }
        ActivationKernels.CheckBiasRelu(z, rows, cols, bias, y);
        fixed (float* pz = z, py = y, pb = bias)
        {
            var job = For(rows, cols);
            job._z = pz;
            job._y = py;
            job._bias = pb;
            job.Run(Pass.BiasRelu, threads);
        }
    }

    /// <summary>
    /// <see cref="ActivationKernels.ReluBackwardBiasGradient(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, Span{float})"/>
    /// on up to <paramref name="threads"/> threads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackwardBiasGradient(ReadOnlySpan<float> z, ReadOnlySpan<float> dy, Span<float> dz,
        int rows, int cols, Span<float> biasGradient, int threads)
    {
        if (!Splits(rows, cols, threads))
        {
            ActivationKernels.ReluBackwardBiasGradient(z, dy, dz, rows, cols, biasGradient);
            return;
        }
        ActivationKernels.CheckReluBackward(z, dy, dz, rows, cols, biasGradient);
        fixed (float* pz = z, pdy = dy, pdz = dz, pg = biasGradient)
        {
            var job = For(rows, cols);
            job._z = pz;
            job._dy = pdy;
            job._dz = pdz;
            job._bias = pg;
            job.Run(Pass.ReluBackward, threads);
            job.Run(Pass.BiasGradient, threads);
        }
    }

    private static bool Splits(int rows, int cols, int threads)
        => threads > 1 && rows > 1 && (long)rows * cols >= MinSplitSize;

    private static ActivationTeamJob For(int rows, int cols)
    {
        var job = perThread ??= new ActivationTeamJob();
        (job._rows, job._cols) = (rows, cols);
        return job;
    }

    private void Run(Pass pass, int threads)
    {
        _pass = pass;
        int chunks;
        if (pass == Pass.BiasGradient)
        {
            // Whole 16-float vectors of columns.
            chunks = Math.Min(threads, (_cols + 15) / 16);
            _perChunk = ((_cols + chunks - 1) / chunks + 15) / 16 * 16;
        }
        else
        {
            chunks = Math.Min(threads, _rows);
            _perChunk = (_rows + chunks - 1) / chunks;
        }
        if (!WorkTeam.For(threads).TryRun(this, chunks))
        {
            for (int c = 0; c < chunks; c++) RunChunk(c);
        }
    }

    public void RunChunk(int chunk)
    {
        int start = chunk * _perChunk;
        if (_pass == Pass.BiasGradient)
        {
            int cols = Math.Min(_perChunk, _cols - start);
            if (cols <= 0) return;
            var block = new ReadOnlySpan<float>(_dz + start, (_rows - 1) * _cols + cols);
            ElementWise.SumColumns(block, _rows, cols, _cols, new Span<float>(_bias + start, cols), accumulate: false);
            return;
        }
        int rows = Math.Min(_perChunk, _rows - start);
        if (rows <= 0) return;
        nint offset = (nint)start * _cols;
        int length = rows * _cols;
        if (_pass == Pass.BiasRelu)
        {
            ActivationKernels.BiasRelu(new Span<float>(_z + offset, length), rows, _cols, new ReadOnlySpan<float>(_bias, _cols),
                new Span<float>(_y + offset, length));
            return;
        }
        ActivationKernels.ReluBackward(new ReadOnlySpan<float>(_z + offset, length), new ReadOnlySpan<float>(_dy + offset, length),
            new Span<float>(_dz + offset, length));
    }
}
