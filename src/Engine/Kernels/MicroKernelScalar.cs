using System.Runtime.CompilerServices;

namespace Hpo.Engine.Kernels;

/// <summary>Portable fallback micro-kernel: 4 x 4 scalar accumulators.</summary>
internal readonly unsafe struct MicroKernelScalar : IMicroKernel
{
    public static int Mr => 4;
    public static int Nr => 4;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint rsA, nint csA, float* b, nint ldb, float* c, nint ldc, bool accumulate)
    {
        nint r1 = rsA, r2 = 2 * rsA, r3 = 3 * rsA;
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++)
        {
            float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            float a0 = a[0], a1 = a[r1], a2 = a[r2], a3 = a[r3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            a += csA;
            b += ldb;
        }
        Store(c, c00, c01, c02, c03, accumulate); c += ldc;
        Store(c, c10, c11, c12, c13, accumulate); c += ldc;
        Store(c, c20, c21, c22, c23, accumulate); c += ldc;
        Store(c, c30, c31, c32, c33, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, float v0, float v1, float v2, float v3, bool accumulate)
    {
        if (accumulate)
        {
            v0 += c[0]; v1 += c[1]; v2 += c[2]; v3 += c[3];
        }
        c[0] = Subnormals.Flush(v0); c[1] = Subnormals.Flush(v1); c[2] = Subnormals.Flush(v2); c[3] = Subnormals.Flush(v3);
    }
}
