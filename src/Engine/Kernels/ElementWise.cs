using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Hpo.Engine.Kernels;

/// <summary>
/// The element-wise and reduction helpers layers need around <see cref="Gemm"/>. Matrices are
/// row-major spans of <c>rows * cols</c> floats. Lengths are checked; nothing allocates.
/// </summary>
public static class ElementWise
{
    /// <summary>matrix[r, j] += row[j] for every row r (adds a bias to each row), subnormal sums flushed to zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRowVector(Span<float> matrix, int rows, int cols, ReadOnlySpan<float> row)
    {
        CheckMatrix(matrix.Length, rows, cols, nameof(matrix));
        CheckLength(row.Length, cols, nameof(row));
        ref float m0 = ref MemoryMarshal.GetReference(matrix);
        ref float b0 = ref MemoryMarshal.GetReference(row);
        for (int r = 0; r < rows; r++)
        {
            ref float dst = ref Unsafe.Add(ref m0, (nint)r * cols);
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j <= cols - 16; j += 16)
                    Subnormals.Flush(Vector512.LoadUnsafe(ref dst, (nuint)j) + Vector512.LoadUnsafe(ref b0, (nuint)j)).StoreUnsafe(ref dst, (nuint)j);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= cols - 8; j += 8)
                    Subnormals.Flush(Vector256.LoadUnsafe(ref dst, (nuint)j) + Vector256.LoadUnsafe(ref b0, (nuint)j)).StoreUnsafe(ref dst, (nuint)j);
            }
            for (; j < cols; j++) Unsafe.Add(ref dst, j) = Subnormals.Flush(Unsafe.Add(ref dst, j) + Unsafe.Add(ref b0, j));
        }
    }

    /// <summary>sums[j] = (sums[j] +) sum over r of matrix[r, j]: the bias gradient from dY (subnormal sums flushed to zero).</summary>
    public static void SumColumns(ReadOnlySpan<float> matrix, int rows, int cols, Span<float> sums, bool accumulate = false)
    {
        CheckMatrix(matrix.Length, rows, cols, nameof(matrix));
        CheckLength(sums.Length, cols, nameof(sums));
        SumColumns(matrix, rows, cols, cols, sums, accumulate);
    }

    /// <summary>
    /// <see cref="SumColumns(ReadOnlySpan{float}, int, int, Span{float}, bool)"/> of a block of columns of
    /// a wider matrix: rows <paramref name="ld"/> floats apart. Same bits as over the whole width.
    /// </summary>
    internal static void SumColumns(ReadOnlySpan<float> matrix, int rows, int cols, int ld, Span<float> sums, bool accumulate)
    {
        if (Vector512.IsHardwareAccelerated) SumColumnsVector512(matrix, rows, cols, ld, sums, accumulate);
        else SumColumnsPortable(matrix, rows, cols, ld, sums, accumulate);
        Subnormals.Flush(sums[..cols]);
    }

    /// <summary>
    /// Row i of <paramref name="destination"/> = row <paramref name="rows"/>[i] of <paramref name="source"/>
    /// (rows of <paramref name="width"/> floats): a batch gathered from shuffled samples. Short rows are
    /// copied in registers, which costs less than a memory-copy call per row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GatherRows(ReadOnlySpan<float> source, int width, ReadOnlySpan<int> rows, Span<float> destination)
    {
        CheckLength(destination.Length, rows.Length * width, nameof(destination));
        ref float s0 = ref MemoryMarshal.GetReference(source);
        ref float d0 = ref MemoryMarshal.GetReference(destination);
        for (int i = 0; i < rows.Length; i++)
        {
            int r = rows[i];
            if ((uint)r >= (uint)(source.Length / Math.Max(width, 1))) throw new ArgumentOutOfRangeException(nameof(rows), $"row {r} is outside the source");
            ref float src = ref Unsafe.Add(ref s0, (nint)r * width);
            ref float dst = ref Unsafe.Add(ref d0, (nint)i * width);
            if (width > 256)
            {
                MemoryMarshal.CreateReadOnlySpan(ref src, width).CopyTo(MemoryMarshal.CreateSpan(ref dst, width));
                continue;
            }
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j <= width - 16; j += 16) Vector512.LoadUnsafe(ref src, (nuint)j).StoreUnsafe(ref dst, (nuint)j);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= width - 8; j += 8) Vector256.LoadUnsafe(ref src, (nuint)j).StoreUnsafe(ref dst, (nuint)j);
            }
            for (; j < width; j++) Unsafe.Add(ref dst, j) = Unsafe.Add(ref src, j);
        }
    }

    /// <summary>x[i] *= y[i] (Hadamard product in place).</summary>
    public static void MultiplyInPlace(Span<float> x, ReadOnlySpan<float> y)
    {
        CheckSameLength(x.Length, y.Length, nameof(y));
        TensorPrimitives.Multiply(x, y, x);
    }

    /// <summary>destination[i] = x[i] * y[i] (Hadamard product).</summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
    {
        CheckSameLength(x.Length, y.Length, nameof(y));
        CheckLength(destination.Length, x.Length, nameof(destination));
        TensorPrimitives.Multiply(x, y, destination[..x.Length]);
    }

    /// <summary>y[i] += alpha * x[i].</summary>
    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        CheckSameLength(y.Length, x.Length, nameof(y));
        TensorPrimitives.MultiplyAdd(x, alpha, y, y);
    }

    /// <summary>x[i] *= alpha.</summary>
    public static void Scale(Span<float> x, float alpha) => TensorPrimitives.Multiply(x, alpha, x);

    /// <summary>The dot product of x and y (float accumulation).</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        CheckSameLength(x.Length, y.Length, nameof(y));
        return TensorPrimitives.Dot(x, y);
    }

    /// <summary>The sum of x[i]^2, accumulated in double (for gradient norms).</summary>
    public static double SumOfSquares(ReadOnlySpan<float> x) => SumOfSquares(x, SimdLevels.Best);

    /// <summary>x[i] = min(max(x[i], min), max); NaN stays NaN.</summary>
    public static void Clamp(Span<float> x, float min, float max)
    {
        if (!(min <= max)) throw new ArgumentException($"min ({min}) must not exceed max ({max})", nameof(min));
        TensorPrimitives.Clamp(x, min, max, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SumColumnsVector512(ReadOnlySpan<float> matrix, int rows, int cols, int ld, Span<float> sums, bool accumulate)
    {
        ref float m0 = ref MemoryMarshal.GetReference(matrix);
        ref float s0 = ref MemoryMarshal.GetReference(sums);
        int j = 0;
        // Four vectors of columns at a time, summed down all rows in registers.
        for (; j + 64 <= cols; j += 64)
        {
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            ref float col = ref Unsafe.Add(ref m0, j);
            for (int r = 0; r < rows; r++)
            {
                ref float x = ref Unsafe.Add(ref col, (nint)r * ld);
                a0 += Vector512.LoadUnsafe(ref x);
                a1 += Vector512.LoadUnsafe(ref x, 16);
                a2 += Vector512.LoadUnsafe(ref x, 32);
                a3 += Vector512.LoadUnsafe(ref x, 48);
            }
            ref float s = ref Unsafe.Add(ref s0, j);
            if (accumulate)
            {
                a0 += Vector512.LoadUnsafe(ref s);
                a1 += Vector512.LoadUnsafe(ref s, 16);
                a2 += Vector512.LoadUnsafe(ref s, 32);
                a3 += Vector512.LoadUnsafe(ref s, 48);
            }
            a0.StoreUnsafe(ref s);
            a1.StoreUnsafe(ref s, 16);
            a2.StoreUnsafe(ref s, 32);
            a3.StoreUnsafe(ref s, 48);
        }
        for (; j + 16 <= cols; j += 16)
        {
            Vector512<float> acc = Vector512<float>.Zero;
            ref float col = ref Unsafe.Add(ref m0, j);
            for (int r = 0; r < rows; r++) acc += Vector512.LoadUnsafe(ref Unsafe.Add(ref col, (nint)r * ld));
            ref float s = ref Unsafe.Add(ref s0, j);
            if (accumulate) acc += Vector512.LoadUnsafe(ref s);
            acc.StoreUnsafe(ref s);
        }
        if (j < cols)
        {
            // Fewer than 16 columns left: scalar sums, so no lane reads past the row.
            int width = cols - j;
            Span<float> tail = stackalloc float[16];
            tail.Clear();
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> x = matrix.Slice(r * ld + j, width);
                for (int t = 0; t < width; t++) tail[t] += x[t];
            }
            Span<float> s = sums.Slice(j, width);
            for (int t = 0; t < width; t++) s[t] = accumulate ? s[t] + tail[t] : tail[t];
        }
    }

    internal static void SumColumnsPortable(ReadOnlySpan<float> matrix, int rows, int cols, int ld, Span<float> sums, bool accumulate)
    {
        Span<float> s = sums[..cols];
        if (!accumulate) s.Clear();
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(s, matrix.Slice(r * ld, cols), s);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double SumOfSquares(ReadOnlySpan<float> x, SimdLevel level)
    {
        ref float x0 = ref MemoryMarshal.GetReference(x);
        int i = 0;
        double total = 0;
        // Blocks alternate between two pairs of accumulators (even blocks s0/s1, odd s2/s3), which halves
        // the chain of dependent adds; the update kernels sum their gradients the same way.
        if (level >= SimdLevel.Avx512 && x.Length >= 16)
        {
            Vector512<double> s0 = Vector512<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
            for (; i + 32 <= x.Length; i += 32)
            {
                (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(Vector512.LoadUnsafe(ref x0, (nuint)i));
                s0 = Vector512.FusedMultiplyAdd(lo, lo, s0);
                s1 = Vector512.FusedMultiplyAdd(hi, hi, s1);
                (lo, hi) = Vector512.Widen(Vector512.LoadUnsafe(ref x0, (nuint)(i + 16)));
                s2 = Vector512.FusedMultiplyAdd(lo, lo, s2);
                s3 = Vector512.FusedMultiplyAdd(hi, hi, s3);
            }
            if (i + 16 <= x.Length)
            {
                (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(Vector512.LoadUnsafe(ref x0, (nuint)i));
                s0 = Vector512.FusedMultiplyAdd(lo, lo, s0);
                s1 = Vector512.FusedMultiplyAdd(hi, hi, s1);
                i += 16;
            }
            total = Vector512.Sum((s0 + s2) + (s1 + s3));
        }
        else if (level >= SimdLevel.Avx2 && x.Length >= 8)
        {
            Vector256<double> s0 = Vector256<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
            for (; i + 16 <= x.Length; i += 16)
            {
                (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(Vector256.LoadUnsafe(ref x0, (nuint)i));
                s0 = Vector256.MultiplyAddEstimate(lo, lo, s0);
                s1 = Vector256.MultiplyAddEstimate(hi, hi, s1);
                (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref x0, (nuint)(i + 8)));
                s2 = Vector256.MultiplyAddEstimate(lo, lo, s2);
                s3 = Vector256.MultiplyAddEstimate(hi, hi, s3);
            }
            if (i + 8 <= x.Length)
            {
                (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(Vector256.LoadUnsafe(ref x0, (nuint)i));
                s0 = Vector256.MultiplyAddEstimate(lo, lo, s0);
                s1 = Vector256.MultiplyAddEstimate(hi, hi, s1);
                i += 8;
            }
            total = Vector256.Sum((s0 + s2) + (s1 + s3));
        }
        for (; i < x.Length; i++)
        {
            double v = Unsafe.Add(ref x0, i);
            total += v * v;
        }
        return total;
    }

    private static void CheckMatrix(int length, int rows, int cols, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if (length < (long)rows * cols) throw new ArgumentException($"{name} holds {length} floats, needs {(long)rows * cols} ({rows} x {cols})", name);
    }

    private static void CheckLength(int length, int needed, string name)
    {
        if (length < needed) throw new ArgumentException($"{name} holds {length} floats, needs {needed}", name);
    }

    private static void CheckSameLength(int length, int expected, string name)
    {
        if (length != expected) throw new ArgumentException($"{name} has length {length}, expected {expected}", name);
    }
}
