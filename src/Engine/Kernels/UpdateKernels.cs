using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Hpo.Engine.Kernels;

/// <summary>
/// The optimisers' per-element updates, one pass over value, gradient and state each. Vector512 or
/// Vector256 with a scalar tail; every lane does the same operations in the same order as
/// <see cref="UpdateReference"/> (no fused multiply-add), so the results are bit-identical to it. Values
/// are written with subnormals flushed to zero (<see cref="Subnormals"/>); states (velocities, moments) and
/// the gradients read are flushed below 2^-100 (<see cref="Subnormals.Negligible"/>), so that no product of the update
/// underflows: a velocity whose gradient stays zero would otherwise decay into the subnormals and stick at the
/// smallest one, and a tiny moment times the step size or a tiny gradient squared would make a subnormal on
/// every step.
/// Each also returns the sum of the squared gradients it read, accumulated in double as
/// <see cref="ElementWise.SumOfSquares(ReadOnlySpan{float})"/> does, so the gradient norms a session
/// records cost no pass of their own.
/// </summary>
public static class UpdateKernels
{
    private const int Negligible = Subnormals.Negligible;

    /// <summary>A gradient below 2^-50 adds nothing to Adam's second moment: its square is below <see cref="Subnormals.Negligible"/>.</summary>
    public const int SquaredNegligible = -50;

    /// <summary>w -= lr * g.</summary>
    /// <returns>The sum of g[i]^2.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sgd(Span<float> w, ReadOnlySpan<float> g, float lr)
    {
        Check(w.Length, g.Length);
        ref float w0 = ref MemoryMarshal.GetReference(w);
        ref float g0 = ref MemoryMarshal.GetReference(g);
        int n = w.Length, i = 0;
        var squares = new Squares();
        if (Vector512.IsHardwareAccelerated)
        {
            var vlr = Vector512.Create(lr);
            for (; i <= n - 16; i += 16)
            {
                var gi = Subnormals.FlushBelow(Vector512.LoadUnsafe(ref g0, (nuint)i), Negligible);
                squares.Add(gi);
                Subnormals.Flush(Vector512.LoadUnsafe(ref w0, (nuint)i) - vlr * gi).StoreUnsafe(ref w0, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var vlr = Vector256.Create(lr);
            for (; i <= n - 8; i += 8)
            {
                var gi = Subnormals.FlushBelow(Vector256.LoadUnsafe(ref g0, (nuint)i), Negligible);
                squares.Add(gi);
                Subnormals.Flush(Vector256.LoadUnsafe(ref w0, (nuint)i) - vlr * gi).StoreUnsafe(ref w0, (nuint)i);
            }
        }
        double total = squares.Total;
        for (; i < n; i++)
        {
            float gi = Subnormals.FlushBelow(Unsafe.Add(ref g0, i), Negligible);
            total += (double)gi * gi;
            Unsafe.Add(ref w0, i) = Subnormals.Flush(Unsafe.Add(ref w0, i) - lr * gi);
        }
        return total;
    }

    /// <summary>v = momentum * v - lr * g; then w += v (classical) or w += momentum * v - lr * g (Nesterov).</summary>
    /// <returns>The sum of g[i]^2.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Momentum(Span<float> w, Span<float> v, ReadOnlySpan<float> g, float lr, float momentum, bool nesterov)
    {
        Check(w.Length, g.Length);
        Check(w.Length, v.Length);
        ref float w0 = ref MemoryMarshal.GetReference(w);
        ref float v0 = ref MemoryMarshal.GetReference(v);
        ref float g0 = ref MemoryMarshal.GetReference(g);
        int n = w.Length, i = 0;
        var squares = new Squares();
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> vlr = Vector512.Create(lr), vm = Vector512.Create(momentum);
            for (; i <= n - 16; i += 16)
            {
                var gi = Subnormals.FlushBelow(Vector512.LoadUnsafe(ref g0, (nuint)i), Negligible);
                squares.Add(gi);
                var step = vlr * gi;
                var vel = Subnormals.FlushBelow(vm * Vector512.LoadUnsafe(ref v0, (nuint)i) - step, Negligible);
                vel.StoreUnsafe(ref v0, (nuint)i);
                var delta = nesterov ? vm * vel - step : vel;
                Subnormals.Flush(Vector512.LoadUnsafe(ref w0, (nuint)i) + delta).StoreUnsafe(ref w0, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> vlr = Vector256.Create(lr), vm = Vector256.Create(momentum);
            for (; i <= n - 8; i += 8)
            {
                var gi = Subnormals.FlushBelow(Vector256.LoadUnsafe(ref g0, (nuint)i), Negligible);
                squares.Add(gi);
                var step = vlr * gi;
                var vel = Subnormals.FlushBelow(vm * Vector256.LoadUnsafe(ref v0, (nuint)i) - step, Negligible);
                vel.StoreUnsafe(ref v0, (nuint)i);
                var delta = nesterov ? vm * vel - step : vel;
                Subnormals.Flush(Vector256.LoadUnsafe(ref w0, (nuint)i) + delta).StoreUnsafe(ref w0, (nuint)i);
            }
        }
        double total = squares.Total;
        for (; i < n; i++)
        {
            float gi = Subnormals.FlushBelow(Unsafe.Add(ref g0, i), Negligible);
            total += (double)gi * gi;
            float step = lr * gi;
            float vel = Subnormals.FlushBelow(momentum * Unsafe.Add(ref v0, i) - step, Negligible);
            Unsafe.Add(ref v0, i) = vel;
            Unsafe.Add(ref w0, i) = Subnormals.Flush(Unsafe.Add(ref w0, i) + (nesterov ? momentum * vel - step : vel));
        }
        return total;
    }

    /// <summary>
    /// Adam's moments and step: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g g;
    /// w -= stepSize m / (sqrt(v) + eps) + decay w.
    /// </summary>
    /// <returns>The sum of g[i]^2.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Adam(Span<float> w, Span<float> m, Span<float> v, ReadOnlySpan<float> g,
        float beta1, float beta2, float epsilon, float stepSize, float decay)
    {
        Check(w.Length, g.Length);
        Check(w.Length, m.Length);
        Check(w.Length, v.Length);
        ref float w0 = ref MemoryMarshal.GetReference(w);
        ref float m0 = ref MemoryMarshal.GetReference(m);
        ref float v0 = ref MemoryMarshal.GetReference(v);
        ref float g0 = ref MemoryMarshal.GetReference(g);
        float c1 = 1f - beta1, c2 = 1f - beta2;
        int n = w.Length, i = 0;
        var squares = new Squares();
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> b1 = Vector512.Create(beta1), b2 = Vector512.Create(beta2), vc1 = Vector512.Create(c1), vc2 = Vector512.Create(c2);
            Vector512<float> eps = Vector512.Create(epsilon), size = Vector512.Create(stepSize), vd = Vector512.Create(decay);
            for (; i <= n - 16; i += 16)
            {
                var gi = Subnormals.FlushBelow(Vector512.LoadUnsafe(ref g0, (nuint)i), Negligible);
                squares.Add(gi);
                var mi = Subnormals.FlushBelow(b1 * Vector512.LoadUnsafe(ref m0, (nuint)i) + vc1 * gi, Negligible);
                var gs = Subnormals.FlushBelow(gi, SquaredNegligible);
                var vi = Subnormals.FlushBelow(b2 * Vector512.LoadUnsafe(ref v0, (nuint)i) + vc2 * gs * gs, Negligible);
                mi.StoreUnsafe(ref m0, (nuint)i);
                vi.StoreUnsafe(ref v0, (nuint)i);
                var wi = Vector512.LoadUnsafe(ref w0, (nuint)i);
                Subnormals.Flush(wi - (size * mi / (Vector512.Sqrt(vi) + eps) + vd * wi)).StoreUnsafe(ref w0, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> b1 = Vector256.Create(beta1), b2 = Vector256.Create(beta2), vc1 = Vector256.Create(c1), vc2 = Vector256.Create(c2);
            Vector256<float> eps = Vector256.Create(epsilon), size = Vector256.Create(stepSize), vd = Vector256.Create(decay);
            for (; i <= n - 8; i += 8)
            {
                var gi = Subnormals.FlushBelow(Vector256.LoadUnsafe(ref g0, (nuint)i), Negligible);
                squares.Add(gi);
                var mi = Subnormals.FlushBelow(b1 * Vector256.LoadUnsafe(ref m0, (nuint)i) + vc1 * gi, Negligible);
                var gs = Subnormals.FlushBelow(gi, SquaredNegligible);
                var vi = Subnormals.FlushBelow(b2 * Vector256.LoadUnsafe(ref v0, (nuint)i) + vc2 * gs * gs, Negligible);
                mi.StoreUnsafe(ref m0, (nuint)i);
                vi.StoreUnsafe(ref v0, (nuint)i);
                var wi = Vector256.LoadUnsafe(ref w0, (nuint)i);
                Subnormals.Flush(wi - (size * mi / (Vector256.Sqrt(vi) + eps) + vd * wi)).StoreUnsafe(ref w0, (nuint)i);
            }
        }
        double total = squares.Total;
        for (; i < n; i++)
        {
            float gi = Subnormals.FlushBelow(Unsafe.Add(ref g0, i), Negligible);
            total += (double)gi * gi;
            float mi = Subnormals.FlushBelow(beta1 * Unsafe.Add(ref m0, i) + c1 * gi, Negligible);
            float gs = Subnormals.FlushBelow(gi, SquaredNegligible);
            float vi = Subnormals.FlushBelow(beta2 * Unsafe.Add(ref v0, i) + c2 * gs * gs, Negligible);
            Unsafe.Add(ref m0, i) = mi;
            Unsafe.Add(ref v0, i) = vi;
            float wi = Unsafe.Add(ref w0, i);
            Unsafe.Add(ref w0, i) = Subnormals.Flush(wi - (stepSize * mi / (MathF.Sqrt(vi) + epsilon) + decay * wi));
        }
        return total;
    }

    /// <summary>
    /// Sums of squares in double, kept as <see cref="ElementWise.SumOfSquares(ReadOnlySpan{float})"/> keeps
    /// them: even blocks in one pair of accumulators, odd blocks in the other.
    /// </summary>
    private struct Squares
    {
        private Vector512<double> _s0, _s1, _s2, _s3;
        private Vector256<double> _t0, _t1, _t2, _t3;
        private bool _odd;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(Vector512<float> g)
        {
            (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(g);
            if (_odd)
            {
                _s2 = Vector512.FusedMultiplyAdd(lo, lo, _s2);
                _s3 = Vector512.FusedMultiplyAdd(hi, hi, _s3);
            }
            else
            {
                _s0 = Vector512.FusedMultiplyAdd(lo, lo, _s0);
                _s1 = Vector512.FusedMultiplyAdd(hi, hi, _s1);
            }
            _odd = !_odd;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(Vector256<float> g)
        {
            (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(g);
            if (_odd)
            {
                _t2 = Vector256.MultiplyAddEstimate(lo, lo, _t2);
                _t3 = Vector256.MultiplyAddEstimate(hi, hi, _t3);
            }
            else
            {
                _t0 = Vector256.MultiplyAddEstimate(lo, lo, _t0);
                _t1 = Vector256.MultiplyAddEstimate(hi, hi, _t1);
            }
            _odd = !_odd;
        }

        public readonly double Total => Vector512.IsHardwareAccelerated
            ? Vector512.Sum((_s0 + _s2) + (_s1 + _s3))
            : Vector256.Sum((_t0 + _t2) + (_t1 + _t3));
    }

    private static void Check(int length, int other)
    {
        if (length != other) throw new ArgumentException($"spans of {length} and {other} floats: an update needs equal lengths");
    }
}
