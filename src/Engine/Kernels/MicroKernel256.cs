using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hpo.Engine.Kernels;

/// <summary>
/// AVX2 micro-kernel: 6 rows x 16 columns (2 x 8 lanes), 12 accumulators, so it fits the 16 ymm
/// registers of a machine without AVX-512.
/// </summary>
internal readonly unsafe struct MicroKernel256 : IMicroKernel
{
    public static int Mr => 6;
    public static int Nr => 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint rsA, nint csA, float* b, nint ldb, float* c, nint ldc, bool accumulate)
    {
        nint r1 = rsA, r2 = 2 * rsA, r3 = 3 * rsA, r4 = 4 * rsA, r5 = 5 * rsA;
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default, c50 = default, c51 = default;

        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> av = Vector256.Create(a[0]);
            c00 = Vector256.MultiplyAddEstimate(av, b0, c00); c01 = Vector256.MultiplyAddEstimate(av, b1, c01);
            av = Vector256.Create(a[r1]);
            c10 = Vector256.MultiplyAddEstimate(av, b0, c10); c11 = Vector256.MultiplyAddEstimate(av, b1, c11);
            av = Vector256.Create(a[r2]);
            c20 = Vector256.MultiplyAddEstimate(av, b0, c20); c21 = Vector256.MultiplyAddEstimate(av, b1, c21);
            av = Vector256.Create(a[r3]);
            c30 = Vector256.MultiplyAddEstimate(av, b0, c30); c31 = Vector256.MultiplyAddEstimate(av, b1, c31);
            av = Vector256.Create(a[r4]);
            c40 = Vector256.MultiplyAddEstimate(av, b0, c40); c41 = Vector256.MultiplyAddEstimate(av, b1, c41);
            av = Vector256.Create(a[r5]);
            c50 = Vector256.MultiplyAddEstimate(av, b0, c50); c51 = Vector256.MultiplyAddEstimate(av, b1, c51);
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
    private static void Store(float* c, Vector256<float> v0, Vector256<float> v1, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector256.Load(c);
            v1 += Vector256.Load(c + 8);
        }
        Subnormals.Flush(v0).Store(c);
        Subnormals.Flush(v1).Store(c + 8);
    }
}
