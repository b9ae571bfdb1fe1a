using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpo.Engine.Kernels;

/// <summary>Branch-free SIMD passes of the activations' derivatives (a data-dependent branch per element mispredicts).</summary>
public static class ActivationKernels
{
    /// <summary>dx[i] = x[i] &gt; 0 ? dy[i] : 0 (ReLU's backward pass), values below 2^-100 flushed to zero (<see cref="Subnormals.Negligible"/>).</summary>
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
                (Subnormals.FlushBelow(Vector512.LoadUnsafe(ref dy0, (nuint)i), Subnormals.Negligible) & positive).StoreUnsafe(ref dx0, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                var positive = Vector256.GreaterThan(Vector256.LoadUnsafe(ref x0, (nuint)i), Vector256<float>.Zero);
                (Subnormals.FlushBelow(Vector256.LoadUnsafe(ref dy0, (nuint)i), Subnormals.Negligible) & positive).StoreUnsafe(ref dx0, (nuint)i);
            }
        }
        for (; i < n; i++) Unsafe.Add(ref dx0, i) = Unsafe.Add(ref x0, i) > 0f ? Subnormals.FlushBelow(Unsafe.Add(ref dy0, i), Subnormals.Negligible) : 0f;
    }

    /// <summary>y[i] = max(x[i], 0), NaN kept, subnormals flushed to zero (ReLU's forward pass).</summary>
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
                Vector512.Max(Subnormals.Flush(Vector512.LoadUnsafe(ref x0, (nuint)i)), Vector512<float>.Zero).StoreUnsafe(ref y0, (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
                Vector256.Max(Subnormals.Flush(Vector256.LoadUnsafe(ref x0, (nuint)i)), Vector256<float>.Zero).StoreUnsafe(ref y0, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref y0, i) = MathF.Max(Subnormals.Flush(Unsafe.Add(ref x0, i)), 0f);
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
        if (Avx512F.IsSupported)
        {
            fixed (float* pm = matrix, pp = peak)
                MaxColumns512(pm, rows, cols, pp);
            return;
        }
        // Row by row (the peaks stay in L1): going down columns would read rows a whole row apart.
        for (int r = 0; r < rows; r++)
        {
            ref float mr = ref Unsafe.Add(ref m0, (nint)r * cols);
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= cols - 8; j += 8)
                    Vector256.MaxNative(Vector256.LoadUnsafe(ref p0, (nuint)j), Vector256.LoadUnsafe(ref mr, (nuint)j)).StoreUnsafe(ref p0, (nuint)j);
            }
            for (; j < cols; j++) Unsafe.Add(ref p0, j) = MathF.Max(Unsafe.Add(ref p0, j), Unsafe.Add(ref mr, j));
        }
    }

    /// <summary>
    /// z[r, j] += bias[j] and y[r, j] = max(z[r, j], 0) in one pass (a dense layer's bias and its ReLU),
    /// subnormals flushed to zero; the same values as <see cref="ElementWise.AddRowVector"/> then <see cref="Relu"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void BiasRelu(Span<float> z, int rows, int cols, ReadOnlySpan<float> bias, Span<float> y)
    {
        CheckBiasRelu(z, rows, cols, bias, y);
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
                    var v = Subnormals.Flush(Vector512.LoadUnsafe(ref zr, (nuint)j) + Vector512.LoadUnsafe(ref b0, (nuint)j));
                    v.StoreUnsafe(ref zr, (nuint)j);
                    Vector512.Max(v, Vector512<float>.Zero).StoreUnsafe(ref yr, (nuint)j);
                }
                if (j < cols && Avx512F.IsSupported)
                {
                    var mask = Tail(cols - j);
                    fixed (float* pz = &zr, py = &yr, pb = &b0)
                    {
                        var v = Subnormals.Flush(Avx512F.MaskLoad(pz + j, mask, Vector512<float>.Zero) + Avx512F.MaskLoad(pb + j, mask, Vector512<float>.Zero));
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
                    var v = Subnormals.Flush(Vector256.LoadUnsafe(ref zr, (nuint)j) + Vector256.LoadUnsafe(ref b0, (nuint)j));
                    v.StoreUnsafe(ref zr, (nuint)j);
                    Vector256.Max(v, Vector256<float>.Zero).StoreUnsafe(ref yr, (nuint)j);
                }
            }
            for (; j < cols; j++)
            {
                float v = Subnormals.Flush(Unsafe.Add(ref zr, j) + Unsafe.Add(ref b0, j));
                Unsafe.Add(ref zr, j) = v;
                Unsafe.Add(ref yr, j) = MathF.Max(v, 0f);
            }
        }
    }

    /// <summary>
    /// dz = z &gt; 0 ? dy : 0 and biasGradient[j] = the sum over rows of dz[r, j], in one pass (ReLU's
    /// derivative and the bias gradient of the dense layer before it), dz below 2^-100 and subnormal sums flushed to zero. Each column's rows are summed in
    /// order, as <see cref="ElementWise.SumColumns(ReadOnlySpan{float}, int, int, Span{float}, bool)"/> sums them, so the bits are the same; on AVX-512 in
    /// blocks of <see cref="RowBlock"/> rows below <see cref="WideRow"/> columns, row by row from there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void ReluBackwardBiasGradient(ReadOnlySpan<float> z, ReadOnlySpan<float> dy, Span<float> dz,
        int rows, int cols, Span<float> biasGradient)
    {
        CheckReluBackward(z, dy, dz, rows, cols, biasGradient);
        ref float z0 = ref MemoryMarshal.GetReference(z);
        ref float dy0 = ref MemoryMarshal.GetReference(dy);
        ref float dz0 = ref MemoryMarshal.GetReference(dz);
        ref float g0 = ref MemoryMarshal.GetReference(biasGradient);
        biasGradient[..cols].Clear();
        if (Avx512F.IsSupported && cols < WideRow)
        {
            fixed (float* pz = z, pdy = dy, pdz = dz, pg = biasGradient)
                ReluBackwardBiasGradient512(pz, pdy, pdz, rows, cols, pg);
            Subnormals.Flush(biasGradient[..cols]);
            return;
        }
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
                    var d = Subnormals.FlushBelow(Vector512.LoadUnsafe(ref dyr, (nuint)j), Subnormals.Negligible) & Vector512.GreaterThan(Vector512.LoadUnsafe(ref zr, (nuint)j), Vector512<float>.Zero);
                    d.StoreUnsafe(ref dzr, (nuint)j);
                    (Vector512.LoadUnsafe(ref g0, (nuint)j) + d).StoreUnsafe(ref g0, (nuint)j);
                }
            }
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= cols - 8; j += 8)
                {
                    var d = Subnormals.FlushBelow(Vector256.LoadUnsafe(ref dyr, (nuint)j), Subnormals.Negligible) & Vector256.GreaterThan(Vector256.LoadUnsafe(ref zr, (nuint)j), Vector256<float>.Zero);
                    d.StoreUnsafe(ref dzr, (nuint)j);
                    (Vector256.LoadUnsafe(ref g0, (nuint)j) + d).StoreUnsafe(ref g0, (nuint)j);
                }
            }
            for (; j < cols; j++)
            {
                float d = Unsafe.Add(ref zr, j) > 0f ? Subnormals.FlushBelow(Unsafe.Add(ref dyr, j), Subnormals.Negligible) : 0f;
                Unsafe.Add(ref dzr, j) = d;
                Unsafe.Add(ref g0, j) += d;
            }
        }
        Subnormals.Flush(biasGradient[..cols]);
    }

    internal static void CheckBiasRelu(Span<float> z, int rows, int cols, ReadOnlySpan<float> bias, Span<float> y)
    {
        if (z.Length < rows * cols || y.Length < rows * cols || bias.Length < cols) throw new ArgumentException("z, y or bias is too short");
    }

    internal static void CheckReluBackward(ReadOnlySpan<float> z, ReadOnlySpan<float> dy, Span<float> dz, int rows, int cols, Span<float> biasGradient)
    {
        int n = rows * cols;
        if (z.Length < n || dy.Length < n || dz.Length < n || biasGradient.Length < cols) throw new ArgumentException("a span is too short");
    }

    /// <summary>
    /// Rows a column vector of the AVX-512 passes below goes down before it moves right: its running
    /// sum (or maximum) stays in a register over them, where row by row it would wait on its own store
    /// every row; and each row is still read in order, 64 bytes at a time, where going down whole
    /// columns of a 1024-wide matrix would read lines a page apart (one L1 set, no prefetch).
    /// </summary>
    private const int RowBlock = 8;

    /// <summary>
    /// From this width the ReLU backward pass goes row by row: three matrices' rows 2 KiB or more
    /// apart, eight at a time, overflow their L1 sets (256 x 1024: three times slower in blocks).
    /// </summary>
    private const int WideRow = 512;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ReluBackwardBiasGradient512(float* z, float* dy, float* dz, int rows, int cols, float* g)
        => InRowBlocks(new ReluBackwardStep(z, dy, dz), rows, cols, g);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MaxColumns512(float* m, int rows, int cols, float* peak)
        => InRowBlocks(new MaxStep(m), rows, cols, peak);

    /// <summary>
    /// Runs <paramref name="step"/> down blocks of <see cref="RowBlock"/> rows, one column vector at a
    /// time (a masked one for the last columns), carrying each vector's running value in a register
    /// between <paramref name="running"/>'s loads and stores.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void InRowBlocks<TStep>(TStep step, int rows, int cols, float* running) where TStep : struct, IColumnStep
    {
        int full = cols / 16 * 16;
        var tail = Tail(cols - full);
        for (int r0 = 0; r0 < rows; r0 += RowBlock)
        {
            int r1 = Math.Min(rows, r0 + RowBlock);
            for (int j = 0; j < full; j += 16)
            {
                var value = Vector512.Load(running + j);
                for (int r = r0; r < r1; r++) value = step.Apply(value, (nint)r * cols + j);
                value.Store(running + j);
            }
            if (full < cols)
            {
                var value = Avx512F.MaskLoad(running + full, tail, Vector512<float>.Zero);
                for (int r = r0; r < r1; r++) value = step.Apply(value, (nint)r * cols + full, tail);
                Avx512F.MaskStore(running + full, tail, value);
            }
        }
    }

    /// <summary>One row's 16 columns at <c>at</c> folded into their running value; masked: only the lanes in <c>mask</c> touch memory.</summary>
    private interface IColumnStep
    {
        Vector512<float> Apply(Vector512<float> running, nint at);

        Vector512<float> Apply(Vector512<float> running, nint at, Vector512<float> mask);
    }

    /// <summary>dz = z &gt; 0 ? dy : 0, added to the running bias gradient.</summary>
    private readonly unsafe struct ReluBackwardStep(float* z, float* dy, float* dz) : IColumnStep
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Apply(Vector512<float> running, nint at)
        {
            var d = Subnormals.FlushBelow(Vector512.Load(dy + at), Subnormals.Negligible) & Vector512.GreaterThan(Vector512.Load(z + at), Vector512<float>.Zero);
            d.Store(dz + at);
            return running + d;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Apply(Vector512<float> running, nint at, Vector512<float> mask)
        {
            var d = Subnormals.FlushBelow(Avx512F.MaskLoad(dy + at, mask, Vector512<float>.Zero), Subnormals.Negligible) & Vector512.GreaterThan(Avx512F.MaskLoad(z + at, mask, Vector512<float>.Zero), Vector512<float>.Zero);
            Avx512F.MaskStore(dz + at, mask, d);
            return running + d;
        }
    }

    /// <summary>The running column maxima of a matrix.</summary>
    private readonly unsafe struct MaxStep(float* m) : IColumnStep
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Apply(Vector512<float> running, nint at) => Vector512.MaxNative(running, Vector512.Load(m + at));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Apply(Vector512<float> running, nint at, Vector512<float> mask)
            => Vector512.MaxNative(running, Avx512F.MaskLoad(m + at, mask, Vector512<float>.Zero));
    }

    /// <summary>The first <paramref name="lanes"/> lanes (0 to 16) of a vector: a row's last, partial one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Tail(int lanes) => Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(lanes)).AsSingle();
}
