using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hpo.Engine.Kernels;

/// <summary>SSE / AdvSimd micro-kernel: 6 rows x 8 columns (2 x 4 lanes), 12 accumulators.</summary>
internal readonly unsafe struct MicroKernel128 : IMicroKernel
{
    public static int Mr => 6;
    public static int Nr => 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint rsA, nint csA, float* b, nint ldb, float* c, nint ldc, bool accumulate)
    {
        nint r1 = rsA, r2 = 2 * rsA, r3 = 3 * rsA, r4 = 4 * rsA, r5 = 5 * rsA;
        Vector128<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector128<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector128<float> c40 = default, c41 = default, c50 = default, c51 = default;

        for (int p = 0; p < kc; p++)
        {
            Vector128<float> b0 = Vector128.Load(b);
            Vector128<float> b1 = Vector128.Load(b + 4);
            Vector128<float> av = Vector128.Create(a[0]);
            c00 = Vector128.MultiplyAddEstimate(av, b0, c00); c01 = Vector128.MultiplyAddEstimate(av, b1, c01);
            av = Vector128.Create(a[r1]);
            c10 = Vector128.MultiplyAddEstimate(av, b0, c10); c11 = Vector128.MultiplyAddEstimate(av, b1, c11);
            av = Vector128.Create(a[r2]);
            c20 = Vector128.MultiplyAddEstimate(av, b0, c20); c21 = Vector128.MultiplyAddEstimate(av, b1, c21);
            av = Vector128.Create(a[r3]);
            c30 = Vector128.MultiplyAddEstimate(av, b0, c30); c31 = Vector128.MultiplyAddEstimate(av, b1, c31);
            av = Vector128.Create(a[r4]);
            c40 = Vector128.MultiplyAddEstimate(av, b0, c40); c41 = Vector128.MultiplyAddEstimate(av, b1, c41);
            av = Vector128.Create(a[r5]);
            c50 = Vector128.MultiplyAddEstimate(av, b0, c50); c51 = Vector128.MultiplyAddEstimate(av, b1, c51);
            a += csA;
            b += ldb;
        }

        Store(c, c00, c01, accumulate); c += ldc;
        Store(c, c10, c11, accumulate); c += ldc;
        Store(c, c20, c21, accumulate); c += ldc;
        Store(c, c30, c31, accumulate); c += ldc;
        Store(c, c40, c41, accumulate); c += ldc;
        Store(c, c50, c51, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector128<float> v0, Vector128<float> v1, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector128.Load(c);
            v1 += Vector128.Load(c + 4);
        }
        Subnormals.Flush(v0).Store(c);
        Subnormals.Flush(v1).Store(c + 4);
    }
}
