using System.Runtime.Intrinsics;

namespace Hpo.Engine.Kernels;

internal static class SimdLevels
{
    /// <summary>The widest path this machine accelerates.</summary>
    public static readonly SimdLevel Best =
        Vector512.IsHardwareAccelerated ? SimdLevel.Avx512
        : Vector256.IsHardwareAccelerated ? SimdLevel.Avx2
        : Vector128.IsHardwareAccelerated ? SimdLevel.Sse
        : SimdLevel.Scalar;

    /// <summary>Every path that runs accelerated here (scalar always does), lowest first.</summary>
    public static IReadOnlyList<SimdLevel> Available { get; } =
        Enum.GetValues<SimdLevel>().Where(level => level <= Best).ToArray();

    public static string Name(SimdLevel level) => level switch
    {
        SimdLevel.Avx512 => "avx512",
        SimdLevel.Avx2 => "avx2",
        SimdLevel.Sse => "sse",
        _ => "scalar",
    };
}
