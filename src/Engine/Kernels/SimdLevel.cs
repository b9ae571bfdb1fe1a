namespace Hpo.Engine.Kernels;

/// <summary>The SIMD widths the kernels have a path for, lowest first (named after the x86 ISA that accelerates them).</summary>
internal enum SimdLevel
{
    Scalar = 0,
    Sse = 1,
    Avx2 = 2,
    Avx512 = 3,
}
