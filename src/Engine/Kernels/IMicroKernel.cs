namespace Hpo.Engine.Kernels;

/// <summary>
/// A register-blocked GEMM micro-kernel: computes one <see cref="Mr"/> x <see cref="Nr"/> tile of C
/// from <c>kc</c> steps of A and a packed B micro-panel.
/// </summary>
/// <remarks>
/// A element (r, p) is read at <c>a[r * rsA + p * csA]</c>, so the kernel reads A in place
/// (row-major: rsA = lda, csA = 1) or from a packed panel (rsA = 1, csA = Mr).
/// B is packed: step p holds <see cref="Nr"/> consecutive floats at <c>b + p * Nr</c>.
/// The tile is written to <c>c</c> with row stride <c>ldc</c>; with <c>accumulate</c> it is added to C.
/// Every value written is flushed to zero if subnormal (<see cref="Subnormals"/>).
/// Implementations are structs so the driver is specialised (and the kernel inlined) per kernel.
/// </remarks>
internal unsafe interface IMicroKernel
{
    static abstract int Mr { get; }
    static abstract int Nr { get; }
    static abstract void Run(int kc, float* a, nint rsA, nint csA, float* b, nint ldb, float* c, nint ldc, bool accumulate);
}
