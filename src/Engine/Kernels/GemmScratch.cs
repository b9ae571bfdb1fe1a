namespace Hpo.Engine.Kernels;

/// <summary>
/// Per-thread packing buffers for <see cref="Gemm"/>. They live on the pinned object heap, so a
/// pointer into them stays valid without <c>fixed</c>, and they only grow: in steady state a
/// multiply allocates nothing. A thread that ever multiplied keeps its buffers (at most about 4.3 MiB:
/// a Kc x 2 Nc block of B and a Kc x McPanels Mr block of A).
/// </summary>
internal static unsafe class GemmScratch
{
    private const int AlignFloats = 16; // 64 bytes

    [ThreadStatic] private static float[]? packedB;
    [ThreadStatic] private static float[]? packedA;

    /// <summary>A 64-byte aligned buffer of at least <paramref name="length"/> floats for the packed B block.</summary>
    public static float* B(int length) => Aligned(ref packedB, length);

    /// <summary>A 64-byte aligned buffer of at least <paramref name="length"/> floats for a packed A micro-panel.</summary>
    public static float* A(int length) => Aligned(ref packedA, length);

    private static float* Aligned(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length + AlignFloats)
        {
            // Whole 16 KiB steps: the largest request (a Kc x Nc block) is bounded, so growth stops early.
            int size = (length + AlignFloats + 4095) / 4096 * 4096;
            buffer = GC.AllocateUninitializedArray<float>(size, pinned: true);
        }
        nint address = (nint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref buffer[0]);
        nint aligned = (address + 63) & ~(nint)63;
        return (float*)aligned;
    }
}
