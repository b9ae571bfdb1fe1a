using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Hpo.Engine.Kernels;

/// <summary>
/// The optimisers' per-element updates, one pass over value, gradient and state each. Vector512 or
/// Vector256 with a scalar tail; every lane does the same operations in the same order as
/// <see cref="UpdateReference"/> (no fused multiply-add), so the results are bit-identical to it.
/// </summary>
public static class UpdateKernels
{
    /// <summary>w -= lr * g.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sgd(Span<float> w, ReadOnlySpan<float> g, float lr)
    {
        Check(w.Length, g.Length);
        ref float w0 = ref MemoryMarshal.GetReference(w);
        ref float g0 = ref MemoryMarshal.GetReference(g);
        int n = w.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vlr = Vector512.Create(lr);
            for (; i <= n - 16; i += 16)
                (Vector512.LoadUnsafe(ref w0, (nuint)i) - vlr * Vector512.LoadUnsafe(ref g0, (nuint)i)).StoreUnsafe(ref w0, (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var vlr = Vector256.Create(lr);
            for (; i <= n - 8; i += 8)
                (Vector256.LoadUnsafe(ref w0, (nuint)i) - vlr * Vector256.LoadUnsafe(ref g0, (nuint)i)).StoreUnsafe(ref w0, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref w0, i) -= lr * Unsafe.Add(ref g0, i);
    }

    /// <summary>v = momentum * v - lr * g; then w += v (classical) or w += momentum * v - lr * g (Nesterov).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Momentum(Span<float> w, Span<float> v, ReadOnlySpan<float> g, float lr, float momentum, bool nesterov)
    {
        Check(w.Length, g.Length);
        Check(w.Length, v.Length);
        ref float w0 = ref MemoryMarshal.GetReference(w);
        ref float v0 = ref MemoryMarshal.GetReference(v);
        ref float g0 = ref MemoryMarshal.GetReference(g);
        int n = w.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> vlr = Vector512.Create(lr), vm = Vector512.Create(momentum);
            for (; i <= n - 16; i += 16)
            {
                var step = vlr * Vector512.LoadUnsafe(ref g0, (nuint)i);
                var vel = vm * Vector512.LoadUnsafe(ref v0, (nuint)i) - step;
                vel.StoreUnsafe(ref v0, (nuint)i);
                var delta = nesterov ? vm * vel - step : vel;
                (Vector512.LoadUnsafe(ref w0, (nuint)i) + delta).StoreUnsafe(ref w0, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> vlr = Vector256.Create(lr), vm = Vector256.Create(momentum);
            for (; i <= n - 8; i += 8)
            {
                var step = vlr * Vector256.LoadUnsafe(ref g0, (nuint)i);
                var vel = vm * Vector256.LoadUnsafe(ref v0, (nuint)i) - step;
                vel.StoreUnsafe(ref v0, (nuint)i);
                var delta = nesterov ? vm * vel - step : vel;
                (Vector256.LoadUnsafe(ref w0, (nuint)i) + delta).StoreUnsafe(ref w0, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float step = lr * Unsafe.Add(ref g0, i);
            float vel = momentum * Unsafe.Add(ref v0, i) - step;
            Unsafe.Add(ref v0, i) = vel;
            Unsafe.Add(ref w0, i) += nesterov ? momentum * vel - step : vel;
        }
    }

    /// <summary>
    /// Adam's moments and step: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g g;
    /// w -= stepSize m / (sqrt(v) + eps) + decay w.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Adam(Span<float> w, Span<float> m, Span<float> v, ReadOnlySpan<float> g,
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
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> b1 = Vector512.Create(beta1), b2 = Vector512.Create(beta2), vc1 = Vector512.Create(c1), vc2 = Vector512.Create(c2);
            Vector512<float> eps = Vector512.Create(epsilon), size = Vector512.Create(stepSize), vd = Vector512.Create(decay);
            for (; i <= n - 16; i += 16)
            {
                var gi = Vector512.LoadUnsafe(ref g0, (nuint)i);
                var mi = b1 * Vector512.LoadUnsafe(ref m0, (nuint)i) + vc1 * gi;
                var vi = b2 * Vector512.LoadUnsafe(ref v0, (nuint)i) + vc2 * gi * gi;
                mi.StoreUnsafe(ref m0, (nuint)i);
                vi.StoreUnsafe(ref v0, (nuint)i);
                var wi = Vector512.LoadUnsafe(ref w0, (nuint)i);
                (wi - (size * mi / (Vector512.Sqrt(vi) + eps) + vd * wi)).StoreUnsafe(ref w0, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> b1 = Vector256.Create(beta1), b2 = Vector256.Create(beta2), vc1 = Vector256.Create(c1), vc2 = Vector256.Create(c2);
            Vector256<float> eps = Vector256.Create(epsilon), size = Vector256.Create(stepSize), vd = Vector256.Create(decay);
            for (; i <= n - 8; i += 8)
            {
                var gi = Vector256.LoadUnsafe(ref g0, (nuint)i);
                var mi = b1 * Vector256.LoadUnsafe(ref m0, (nuint)i) + vc1 * gi;
                var vi = b2 * Vector256.LoadUnsafe(ref v0, (nuint)i) + vc2 * gi * gi;
                mi.StoreUnsafe(ref m0, (nuint)i);
                vi.StoreUnsafe(ref v0, (nuint)i);
                var wi = Vector256.LoadUnsafe(ref w0, (nuint)i);
                (wi - (size * mi / (Vector256.Sqrt(vi) + eps) + vd * wi)).StoreUnsafe(ref w0, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float gi = Unsafe.Add(ref g0, i);
            float mi = beta1 * Unsafe.Add(ref m0, i) + c1 * gi;
            float vi = beta2 * Unsafe.Add(ref v0, i) + c2 * gi * gi;
            Unsafe.Add(ref m0, i) = mi;
            Unsafe.Add(ref v0, i) = vi;
            float wi = Unsafe.Add(ref w0, i);
            Unsafe.Add(ref w0, i) = wi - (stepSize * mi / (MathF.Sqrt(vi) + epsilon) + decay * wi);
        }
    }

    private static void Check(int length, int other)
    {
        if (length != other) throw new ArgumentException($"spans of {length} and {other} floats: an update needs equal lengths");
    }
}

/// <summary>The scalar reference of <see cref="UpdateKernels"/>, element by element; tests compare the two bit for bit.</summary>
public static class UpdateReference
{
    /// <summary>v = momentum * v - lr * g; then w += v (classical) or w += momentum * v - lr * g (Nesterov).</summary>
    public static void Momentum(Span<float> w, Span<float> v, ReadOnlySpan<float> g, float lr, float momentum, bool nesterov)
    {
        for (int j = 0; j < w.Length; j++)
        {
            float step = lr * g[j];
            v[j] = momentum * v[j] - step;
            w[j] += nesterov ? momentum * v[j] - step : v[j];
        }
    }

    /// <summary>Adam's update, as <see cref="UpdateKernels.Adam"/>.</summary>
    public static void Adam(Span<float> w, Span<float> m, Span<float> v, ReadOnlySpan<float> g,
        float beta1, float beta2, float epsilon, float stepSize, float decay)
    {
        for (int j = 0; j < w.Length; j++)
        {
            m[j] = beta1 * m[j] + (1f - beta1) * g[j];
            v[j] = beta2 * v[j] + (1f - beta2) * g[j] * g[j];
            w[j] -= stepSize * m[j] / (MathF.Sqrt(v[j]) + epsilon) + decay * w[j];
        }
    }
}
