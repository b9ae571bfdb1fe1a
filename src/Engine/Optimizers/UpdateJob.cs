using System.Runtime.CompilerServices;
using Hpo.Engine.Kernels;

namespace Hpo.Engine.Optimizers;

/// <summary>
/// One parameter's update, split into equal parts over a <see cref="WorkTeam"/> when the parameter is
/// large and the optimiser has more than one thread. The parts depend only on the length and the thread
/// count, never on whether the team was free (a busy team's parts run one after another here), so a
/// run is reproducible; the updated values are the same bits at any thread count.
/// </summary>
internal sealed class UpdateJob(int threads) : ITeamWork
{
    /// <summary>Parameters shorter than this are updated in one part.</summary>
    private const int MinSplitLength = 1 << 16;

    private readonly double[] _squares = new double[Math.Max(4 * threads, 1)];
    private Kind _kind;
    private float[] _w = [], _g = [], _v = [], _m = [];
    private float _lr, _momentum, _beta1, _beta2, _epsilon, _decay;
    private bool _nesterov;
    private int _perChunk;

    private enum Kind { Sgd, Momentum, Adam }

    public double Sgd(float[] w, float[] g, float lr)
    {
        (_kind, _w, _g, _lr) = (Kind.Sgd, w, g, lr);
        return Run();
    }

    public double Momentum(float[] w, float[] v, float[] g, float lr, float momentum, bool nesterov)
    {
        (_kind, _w, _v, _g, _lr, _momentum, _nesterov) = (Kind.Momentum, w, v, g, lr, momentum, nesterov);
        return Run();
    }

    public double Adam(float[] w, float[] m, float[] v, float[] g, float beta1, float beta2, float epsilon, float stepSize, float decay)
    {
        (_kind, _w, _m, _v, _g) = (Kind.Adam, w, m, v, g);
        (_beta1, _beta2, _epsilon, _lr, _decay) = (beta1, beta2, epsilon, stepSize, decay);
        return Run();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Run()
    {
        int n = _w.Length;
        // Four parts a thread, so a thread the machine preempts holds up only a small one.
        int chunks = threads > 1 && n >= MinSplitLength ? 4 * threads : 1;
        _perChunk = (n + chunks - 1) / chunks;
        _perChunk = (_perChunk + 63) / 64 * 64;
        if (chunks == 1 || !WorkTeam.For(threads).TryRun(this, chunks))
        {
            for (int c = 0; c < chunks; c++) RunChunk(c);
        }
        double total = 0;
        for (int c = 0; c < chunks; c++) total += _squares[c];
        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RunChunk(int chunk)
    {
        int start = chunk * _perChunk;
        int length = Math.Max(0, Math.Min(_perChunk, _w.Length - start));
        var w = _w.AsSpan(start, length);
        var g = _g.AsSpan(start, length);
        _squares[chunk] = _kind switch
        {
            Kind.Sgd => UpdateKernels.Sgd(w, g, _lr),
            Kind.Momentum => UpdateKernels.Momentum(w, _v.AsSpan(start, length), g, _lr, _momentum, _nesterov),
            _ => UpdateKernels.Adam(w, _m.AsSpan(start, length), _v.AsSpan(start, length), g, _beta1, _beta2, _epsilon, _lr, _decay),
        };
    }
}
