using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Hpo.Engine.Kernels;

/// <summary>
/// Flush-to-zero done by the kernels themselves. A float below the smallest normal (1.18e-38 in
/// magnitude) costs a microcode assist on many x86 processors each time an instruction reads or writes
/// it, and a saturated network makes them by the million: softmax probabilities of hopeless classes,
/// their gradients, velocities of weights whose gradient is zero (0.9 v never reaches zero: it sticks at
/// the smallest subnormal). .NET cannot set the MXCSR flush-to-zero and denormals-are-zero bits for a
/// thread, so the values are flushed where they are produced.
/// </summary>
/// <remarks>
/// The test is on the bits (the magnitude below 2^power, by an integer compare), so it takes no assist itself, and
/// every path (512, 256, 128 lanes and scalar) flushes the same values to +0: results stay bit-identical
/// between paths.
/// </remarks>
public static class Subnormals
{
    /// <summary>
    /// Gradients and optimiser states below 2^-100 (7.9e-31) count as zero: times any learning rate, decay
    /// rate or weight they stay normal, and no weight can move by that little (<see cref="FlushBelow(float, int)"/>).
    /// </summary>
    public const int Negligible = -100;

    /// <summary>The smallest normal float is 2^-126.</summary>
    private const int SmallestNormalPower = -126;

    private const int SmallestNormalBits = 0x0080_0000;
    private const int MagnitudeMask = 0x7FFF_FFFF;

    /// <summary>x, or +0 when x is subnormal (or a zero of either sign).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Flush(float x) => FlushBelow(x, SmallestNormalPower);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Flush(Vector512<float> x) => FlushBelow(x, SmallestNormalPower);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Flush(Vector256<float> x) => FlushBelow(x, SmallestNormalPower);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Flush(Vector128<float> x) => FlushBelow(x, SmallestNormalPower);

    /// <summary>x, or +0 when |x| &lt; 2^<paramref name="power"/> (a power from -126 to 127).</summary>
    /// <remarks>
    /// Optimiser states and the gradients an update reads are flushed below 2^-100, not at the smallest
    /// normal: a value that small can move no weight, and multiplied by a learning rate, a decay rate or
    /// itself it would underflow, which costs an assist on processors that penalise subnormal results (AMD
    /// Zen 3 among them: an Adam update whose first moments were near 1e-37 ran three times slower) even
    /// when the result is flushed right after.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float FlushBelow(float x, int power) =>
        (BitConverter.SingleToInt32Bits(x) & MagnitudeMask) < (power + 127) << 23 ? 0f : x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FlushBelow(Vector512<float> x, int power)
    {
        var tiny = Vector512.LessThan(x.AsInt32() & Vector512.Create(MagnitudeMask), Vector512.Create((power + 127) << 23));
        return Vector512.AndNot(x.AsInt32(), tiny).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FlushBelow(Vector256<float> x, int power)
    {
        var tiny = Vector256.LessThan(x.AsInt32() & Vector256.Create(MagnitudeMask), Vector256.Create((power + 127) << 23));
        return Vector256.AndNot(x.AsInt32(), tiny).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> FlushBelow(Vector128<float> x, int power)
    {
        var tiny = Vector128.LessThan(x.AsInt32() & Vector128.Create(MagnitudeMask), Vector128.Create((power + 127) << 23));
        return Vector128.AndNot(x.AsInt32(), tiny).AsSingle();
    }

    /// <summary>Whether x is subnormal: nonzero and below the smallest normal float in magnitude.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSubnormal(float x)
    {
        int magnitude = BitConverter.SingleToInt32Bits(x) & MagnitudeMask;
        return magnitude is > 0 and < SmallestNormalBits;
    }

    /// <summary>Flushes every subnormal of <paramref name="values"/> to +0, in place.</summary>
    public static void Flush(Span<float> values) => FlushBelow(values, SmallestNormalPower);

    /// <summary>Flushes every value of <paramref name="values"/> below 2^<paramref name="power"/> in magnitude to +0, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FlushBelow(Span<float> values, int power)
    {
        ref float x0 = ref MemoryMarshal.GetReference(values);
        int n = values.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16) FlushBelow(Vector512.LoadUnsafe(ref x0, (nuint)i), power).StoreUnsafe(ref x0, (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8) FlushBelow(Vector256.LoadUnsafe(ref x0, (nuint)i), power).StoreUnsafe(ref x0, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref x0, i) = FlushBelow(Unsafe.Add(ref x0, i), power);
    }

    /// <summary>How many values are subnormal (a probe for tests and benchmarks, not for the training path).</summary>
    public static int Count(ReadOnlySpan<float> values)
    {
        int count = 0;
        foreach (float x in values)
        {
            if (IsSubnormal(x)) count++;
        }
        return count;
    }
}
