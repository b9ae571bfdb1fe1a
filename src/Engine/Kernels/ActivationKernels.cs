using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    /// <summary>y[i] = max(x[i], 0), NaN kept (ReLU's forward pass).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length < x.Length) throw new ArgumentException("y is shorter than x", nameof(y));
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
                Vector512.Max(Vector512.LoadUnsafe(ref x0, (nuint)i), Vector512<float>.Zero).StoreUnsafe(ref y0, (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
                Vector256.Max(Vector256.LoadUnsafe(ref x0, (nuint)i), Vector256<float>.Zero).StoreUnsafe(ref y0, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref y0, i) = MathF.Max(Unsafe.Add(ref x0, i), 0f);
    }

    /// <summary>
    /// peak[j] = max(peak[j], matrix[r, j]) over every row r: the largest output of each unit. Uses the
    /// machine's max (NaN handling unspecified): a NaN output makes the loss NaN, and a diverged epoch's
    /// unit statistics are not read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void MaxColumns(ReadOnlySpan<float> matrix, int rows, int cols, Span<float> peak)
    {
        if (matrix.Length < rows * cols || peak.Length < cols) throw new ArgumentException("matrix or peak is too short");
        ref float m0 = ref MemoryMarshal.GetReference(matrix);
        ref float p0 = ref MemoryMarshal.GetReference(peak);
        // Row by row (the peaks stay in L1): going down columns would read rows a whole row apart.
        for (int r = 0; r < rows; r++)
        {
            ref float mr = ref Unsafe.Add(ref m0, (nint)r * cols);
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j <= cols - 16; j += 16)
                    Vector512.MaxNative(Vector512.LoadUnsafe(ref p0, (nuint)j), Vector512.LoadUnsafe(ref mr, (nuint)j)).StoreUnsafe(ref p0, (nuint)j);
                if (j < cols && Avx512F.IsSupported)
                {
                    var mask = Tail(cols - j);
                    fixed (float* pm = &mr, pp = &p0)
                        Avx512F.MaskStore(pp + j, mask, Vector512.MaxNative(Avx512F.MaskLoad(pp + j, mask, Vector512<float>.Zero), Avx512F.MaskLoad(pm + j, mask, Vector512<float>.Zero)));
                    continue;
                }
            }
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= cols - 8; j += 8)
                    Vector256.MaxNative(Vector256.LoadUnsafe(ref p0, (nuint)j), Vector256.LoadUnsafe(ref mr, (nuint)j)).StoreUnsafe(ref p0, (nuint)j);
            }
            for (; j < cols; j++) Unsafe.Add(ref p0, j) = MathF.Max(Unsafe.Add(ref p0, j), Unsafe.Add(ref mr, j));
        }
    }

    /// <summary>
    /// z[r, j] += bias[j] and y[r, j] = max(z[r, j], 0) in one pass (a dense layer's bias and its ReLU);
    /// the same values as <see cref="ElementWise.AddRowVector"/> then <see cref="Relu"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void BiasRelu(Span<float> z, int rows, int cols, ReadOnlySpan<float> bias, Span<float> y)
    {
        if (z.Length < rows * cols || y.Length < rows * cols || bias.Length < cols) throw new ArgumentException("z, y or bias is too short");
        ref float z0 = ref MemoryMarshal.GetReference(z);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        ref float b0 = ref MemoryMarshal.GetReference(bias);
        for (int r = 0; r < rows; r++)
        {
            nint row = (nint)r * cols;
            ref float zr = ref Unsafe.Add(ref z0, row);
            ref float yr = ref Unsafe.Add(ref y0, row);
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j <= cols - 16; j += 16)
                {
                    var v = Vector512.LoadUnsafe(ref zr, (nuint)j) + Vector512.LoadUnsafe(ref b0, (nuint)j);
                    v.StoreUnsafe(ref zr, (nuint)j);
                    Vector512.Max(v, Vector512<float>.Zero).StoreUnsafe(ref yr, (nuint)j);
                }
                if (j < cols && Avx512F.IsSupported)
                {
                    var mask = Tail(cols - j);
                    fixed (float* pz = &zr, py = &yr, pb = &b0)
                    {
                        var v = Avx512F.MaskLoad(pz + j, mask, Vector512<float>.Zero) + Avx512F.MaskLoad(pb + j, mask, Vector512<float>.Zero);
                        Avx512F.MaskStore(pz + j, mask, v);
                        Avx512F.MaskStore(py + j, mask, Vector512.Max(v, Vector512<float>.Zero));
                    }
                    continue;
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= cols - 8; j += 8)
                {
                    var v = Vector256.LoadUnsafe(ref zr, (nuint)j) + Vector256.LoadUnsafe(ref b0, (nuint)j);
                    v.StoreUnsafe(ref zr, (nuint)j);
                    Vector256.Max(v, Vector256<float>.Zero).StoreUnsafe(ref yr, (nuint)j);
                }
            }
            for (; j < cols; j++)
            {
                float v = Unsafe.Add(ref zr, j) + Unsafe.Add(ref b0, j);
                Unsafe.Add(ref zr, j) = v;
                Unsafe.Add(ref yr, j) = MathF.Max(v, 0f);
            }
        }
    }

    /// <summary>
    /// dz = z &gt; 0 ? dy : 0 and biasGradient[j] = the sum over rows of dz[r, j], in one pass (ReLU's
    /// derivative and the bias gradient of the dense layer before it). Row by row, each row's dz added
    /// to the sums (which stay in L1): the rows in order, as <see cref="ElementWise.SumColumns"/> sums
    /// them, so the bits are the same. (Going down column blocks instead reads rows a whole row apart,
    /// which for 1024 columns lands every row in the same L1 set: five times slower.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void ReluBackwardBiasGradient(ReadOnlySpan<float> z, ReadOnlySpan<float> dy, Span<float> dz,
        int rows, int cols, Span<float> biasGradient)
    {
        int n = rows * cols;
        if (z.Length < n || dy.Length < n || dz.Length < n || biasGradient.Length < cols) throw new ArgumentException("a span is too short");
        ref float z0 = ref MemoryMarshal.GetReference(z);
        ref float dy0 = ref MemoryMarshal.GetReference(dy);
        ref float dz0 = ref MemoryMarshal.GetReference(dz);
        ref float g0 = ref MemoryMarshal.GetReference(biasGradient);
        biasGradient[..cols].Clear();
        for (int r = 0; r < rows; r++)
        {
            nint row = (nint)r * cols;
            ref float zr = ref Unsafe.Add(ref z0, row);
            ref float dyr = ref Unsafe.Add(ref dy0, row);
            ref float dzr = ref Unsafe.Add(ref dz0, row);
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j <= cols - 16; j += 16)
                {
                    var d = Vector512.LoadUnsafe(ref dyr, (nuint)j) & Vector512.GreaterThan(Vector512.LoadUnsafe(ref zr, (nuint)j), Vector512<float>.Zero);
                    d.StoreUnsafe(ref dzr, (nuint)j);
                    (Vector512.LoadUnsafe(ref g0, (nuint)j) + d).StoreUnsafe(ref g0, (nuint)j);
                }
                if (j < cols && Avx512F.IsSupported)
                {
                    var mask = Tail(cols - j);
                    fixed (float* pz = &zr, pdy = &dyr, pdz = &dzr, pg = &g0)
                    {
                        var d = Avx512F.MaskLoad(pdy + j, mask, Vector512<float>.Zero) & Vector512.GreaterThan(Avx512F.MaskLoad(pz + j, mask, Vector512<float>.Zero), Vector512<float>.Zero);
                        Avx512F.MaskStore(pdz + j, mask, d);
                        Avx512F.MaskStore(pg + j, mask, Avx512F.MaskLoad(pg + j, mask, Vector512<float>.Zero) + d);
                    }
                    continue;
                }
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= cols - 8; j += 8)
                {
                    var d = Vector256.LoadUnsafe(ref dyr, (nuint)j) & Vector256.GreaterThan(Vector256.LoadUnsafe(ref zr, (nuint)j), Vector256<float>.Zero);
                    d.StoreUnsafe(ref dzr, (nuint)j);
                    (Vector256.LoadUnsafe(ref g0, (nuint)j) + d).StoreUnsafe(ref g0, (nuint)j);
                }
            }
            for (; j < cols; j++)
            {
                float d = Unsafe.Add(ref zr, j) > 0f ? Unsafe.Add(ref dyr, j) : 0f;
                Unsafe.Add(ref dzr, j) = d;
                Unsafe.Add(ref g0, j) += d;
            }
        }
    }

    /// <summary>The first <paramref name="lanes"/> lanes (1 to 15) of a row's last, partial vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Tail(int lanes) => Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(lanes)).AsSingle();
}
