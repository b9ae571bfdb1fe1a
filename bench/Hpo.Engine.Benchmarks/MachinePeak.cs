using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hpo.Engine.Benchmarks;

/// <summary>
/// This core's measured peaks, the yardsticks of the share-of-peak column: fused multiply-adds on 16
/// independent Vector512 accumulators (Vector256 where AVX-512 is off), and a cache-resident triad.
/// </summary>
public static class MachinePeak
{
    private static readonly Lazy<(double Gflops, double GBps)> Measured = new(Measure);

    /// <summary>The FMA peak in GFLOP/s of the widest accelerated vector width.</summary>
    public static double Gflops => Measured.Value.Gflops;

    /// <summary>Bytes per second of a load-load-store triad over 256 KiB (L2), in GB/s.</summary>
    public static double GBps => Measured.Value.GBps;

    /// <summary>The vector width the FMA peak was measured with.</summary>
    public static string Width => Vector512.IsHardwareAccelerated ? "Vector512" : "Vector256";

    private static (double, double) Measure()
    {
        double flops = 0, bytes = 0;
        for (int trial = 0; trial < 5; trial++)
        {
            flops = Math.Max(flops, FmaTrial());
            bytes = Math.Max(bytes, Triad(2_000));
        }
        return (flops, bytes);
    }

    /// <summary>One trial of the FMA peak (about 25 ms), in GFLOP/s.</summary>
    public static double FmaTrial() => Vector512.IsHardwareAccelerated ? Fma512(20_000_000) : Fma256(20_000_000);

    private static double Fma512(long iterations)
    {
        var clock = Stopwatch.StartNew();
        float sum = Fma512Loop(iterations);
        double seconds = clock.Elapsed.TotalSeconds;
        GC.KeepAlive(sum);
        return iterations * 16.0 * 16 * 2 / seconds / 1e9;
    }

    private static double Fma256(long iterations)
    {
        var clock = Stopwatch.StartNew();
        float sum = Fma256Loop(iterations);
        double seconds = clock.Elapsed.TotalSeconds;
        GC.KeepAlive(sum);
        return iterations * 12.0 * 8 * 2 / seconds / 1e9;
    }

    // No call inside or around the loop: values live across a call are kept in memory (vector
    // registers are caller-saved), which would measure the stack, not the FMA units.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fma512Loop(long iterations)
    {
        var x = Vector512.Create(0.999999f);
        var y = Vector512.Create(1e-7f);
        Vector512<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x;
        Vector512<float> a8 = x, a9 = x, a10 = x, a11 = x, a12 = x, a13 = x, a14 = x, a15 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, x, y); a1 = Vector512.FusedMultiplyAdd(a1, x, y);
            a2 = Vector512.FusedMultiplyAdd(a2, x, y); a3 = Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = Vector512.FusedMultiplyAdd(a4, x, y); a5 = Vector512.FusedMultiplyAdd(a5, x, y);
            a6 = Vector512.FusedMultiplyAdd(a6, x, y); a7 = Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = Vector512.FusedMultiplyAdd(a8, x, y); a9 = Vector512.FusedMultiplyAdd(a9, x, y);
            a10 = Vector512.FusedMultiplyAdd(a10, x, y); a11 = Vector512.FusedMultiplyAdd(a11, x, y);
            a12 = Vector512.FusedMultiplyAdd(a12, x, y); a13 = Vector512.FusedMultiplyAdd(a13, x, y);
            a14 = Vector512.FusedMultiplyAdd(a14, x, y); a15 = Vector512.FusedMultiplyAdd(a15, x, y);
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15).ToScalar();
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fma256Loop(long iterations)
    {
        var x = Vector256.Create(0.999999f);
        var y = Vector256.Create(1e-7f);
        Vector256<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x;
        Vector256<float> a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, x, y); a1 = Vector256.FusedMultiplyAdd(a1, x, y);
            a2 = Vector256.FusedMultiplyAdd(a2, x, y); a3 = Vector256.FusedMultiplyAdd(a3, x, y);
            a4 = Vector256.FusedMultiplyAdd(a4, x, y); a5 = Vector256.FusedMultiplyAdd(a5, x, y);
            a6 = Vector256.FusedMultiplyAdd(a6, x, y); a7 = Vector256.FusedMultiplyAdd(a7, x, y);
            a8 = Vector256.FusedMultiplyAdd(a8, x, y); a9 = Vector256.FusedMultiplyAdd(a9, x, y);
            a10 = Vector256.FusedMultiplyAdd(a10, x, y); a11 = Vector256.FusedMultiplyAdd(a11, x, y);
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).ToScalar();
    }

    private const int TriadLength = 64 * 1024 / 3; // three arrays, 256 KiB in all

    private static double Triad(int rounds)
    {
        float[] a = new float[TriadLength], b = new float[TriadLength], c = new float[TriadLength];
        var clock = Stopwatch.StartNew();
        TriadLoop(rounds, a, b, c);
        double seconds = clock.Elapsed.TotalSeconds;
        return (double)rounds * TriadLength * 3 * sizeof(float) / seconds / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void TriadLoop(int rounds, float[] a, float[] b, float[] c)
    {
        const int n = TriadLength;
        var s = Vector256.Create(1.0001f);
        for (int r = 0; r < rounds; r++)
        {
            int i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var s5 = Vector512.Create(1.0001f);
                for (; i <= n - 16; i += 16)
                    (Vector512.LoadUnsafe(ref b[0], (nuint)i) + s5 * Vector512.LoadUnsafe(ref c[0], (nuint)i)).StoreUnsafe(ref a[0], (nuint)i);
            }
            for (; i <= n - 8; i += 8)
                (Vector256.LoadUnsafe(ref b[0], (nuint)i) + s * Vector256.LoadUnsafe(ref c[0], (nuint)i)).StoreUnsafe(ref a[0], (nuint)i);
        }
    }
}
