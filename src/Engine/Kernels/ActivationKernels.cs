using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Hpo.Engine.Kernels;

/// <summary>Branch-free SIMD passes of the activations' derivatives (a data-dependent branch per element mispredicts).</summary>
public static class ActivationKernels
{
    /// <summary>dx[i] = x[i] &gt; 0 ? dy[i] : 0 (ReLU's backward pass).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        if (x.Length != dy.Length || dx.Length < x.Length) throw new ArgumentException("x, dy and dx must have the same length");
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float dy0 = ref MemoryMarshal.GetReference(dy);
        ref float dx0 = ref MemoryMarshal.GetReference(dx);
        int n = x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                var positive = Vector512.GreaterThan(Vector512.LoadUnsafe(ref x0, (nuint)i), Vector512<float>.Zero);
                (Vector512.LoadUnsafe(ref dy0, (nuint)i) & positive).StoreUnsafe(ref dx0, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                var positive = Vector256.GreaterThan(Vector256.LoadUnsafe(ref x0, (nuint)i), Vector256<float>.Zero);
                (Vector256.LoadUnsafe(ref dy0, (nuint)i) & positive).StoreUnsafe(ref dx0, (nuint)i);
            }
        }
        for (; i < n; i++) Unsafe.Add(ref dx0, i) = Unsafe.Add(ref x0, i) > 0f ? Unsafe.Add(ref dy0, i) : 0f;
    }
}
