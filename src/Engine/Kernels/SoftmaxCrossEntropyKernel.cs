using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpo.Engine.Kernels;

/// <summary>
/// Softmax cross-entropy over a batch whose rows fit one AVX-512 vector (up to 16 classes): each row's
/// logits are loaded once (masked), and the maximum, the exponentials (<see cref="Vector512.Exp(Vector512{float})"/>),
/// their sum, the loss and the gradient are computed in registers, with one logarithm per row.
/// The same values as the per-sample loss up to the last bits of the exponentials and the sums.
/// </summary>
internal static unsafe class SoftmaxCrossEntropyKernel
{
    /// <summary>Whether rows of <paramref name="classes"/> logits take this path here.</summary>
    public static bool Suits(int classes) => Avx512F.IsSupported && classes is > 0 and <= 16;

    /// <summary>
    /// Returns the mean over rows of weight * loss and writes d(that mean)/d(logits) into
    /// <paramref name="gradient"/> (rows x classes, row-major like <paramref name="logits"/> and
    /// <paramref name="targets"/>). Empty <paramref name="weights"/> weighs every row 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Batch(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, ReadOnlySpan<float> weights,
        Span<float> gradient, int rows, int classes)
    {
        int n = rows * classes;
        if (logits.Length < n || targets.Length < n || gradient.Length < n || (!weights.IsEmpty && weights.Length < rows))
            throw new ArgumentException("logits, targets, gradient or weights is too short");
        var mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(classes)).AsSingle();
        var minusInfinity = Vector512.Create(float.NegativeInfinity);
        float inverseRows = 1f / rows;
        double total = 0;
        fixed (float* z0 = logits, t0 = targets, g0 = gradient)
        {
            for (int r = 0; r < rows; r++)
            {
                nint at = (nint)r * classes;
                var z = Avx512F.MaskLoad(z0 + at, mask, minusInfinity);
                var t = Avx512F.MaskLoad(t0 + at, mask, Vector512<float>.Zero);
                float max = MaxAcross(z);
                var e = Vector512.Exp(z - Vector512.Create(max)); // 0 in the masked lanes
                float sum = Vector512.Sum(e);
                float logSum = max + MathF.Log(sum);
                // -sum of t * log softmax, over the classes a target puts mass on (0 * -inf is no term).
                var terms = Vector512.ConditionalSelect(Vector512.Equals(t, Vector512<float>.Zero), Vector512<float>.Zero,
                    t * (z - Vector512.Create(logSum)));
                float loss = -Vector512.Sum(terms);
                float w = weights.IsEmpty ? 1f : weights[r];
                total += (double)w * loss;
                var g = e * Vector512.Create(Vector512.Sum(t) / sum) - t;
                Avx512F.MaskStore(g0 + at, mask, g * Vector512.Create(w * inverseRows));
            }
        }
        return total / rows;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MaxAcross(Vector512<float> v)
    {
        v = Vector512.Max(v, Avx512F.Shuffle4x128(v, v, 0b01_00_11_10));
        v = Vector512.Max(v, Avx512F.Shuffle4x128(v, v, 0b10_11_00_01));
        v = Vector512.Max(v, Avx512F.Permute4x32(v, 0b01_00_11_10));
        v = Vector512.Max(v, Avx512F.Permute4x32(v, 0b10_11_00_01));
        return v.ToScalar();
    }
}
