using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hpo.Engine.Kernels;

/// <summary>
/// Softmax cross-entropy over a batch whose rows fit one AVX-512 vector (up to 16 classes): each row's
/// logits are loaded once (masked), and the maximum, the exponentials (<see cref="Exp"/>), their sum,
/// the loss and the gradient are computed in registers, with one logarithm per row. The same values
/// as the per-sample loss up to the last bits of the exponentials and the sums; the gradient below 2^-100
/// is flushed to zero as <see cref="Losses.SampleLoss"/> flushes it.
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
                var e = Exp(z - Vector512.Create(max)) & mask;
                float sum = SumAcross(e);
                float logSum = max + MathF.Log(sum);
                // -sum of t * log softmax, over the classes a target puts mass on (0 * -inf is no term).
                var terms = Vector512.ConditionalSelect(Vector512.Equals(t, Vector512<float>.Zero), Vector512<float>.Zero,
                    t * (z - Vector512.Create(logSum)));
                float loss = -SumAcross(terms);
                float w = weights.IsEmpty ? 1f : weights[r];
                total += (double)w * loss;
                var g = e * Vector512.Create(SumAcross(t) / sum) - t;
                Avx512F.MaskStore(g0 + at, mask, Subnormals.FlushBelow(g * Vector512.Create(w * inverseRows), Subnormals.Negligible));
            }
        }
        return total / rows;
    }

    /// <summary>
    /// e^x for x &lt;= 0 to about 1 ulp (Cephes' expf: x = n ln 2 + r, a degree-6 polynomial in r, 2^n
    /// from the exponent bits); below -87.3 it gives e^-87.3 instead of a denormal. .NET 10's
    /// Vector512.Exp measured 15 times slower here.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Max(x, Vector512.Create(-87.3f));
        var n = Vector512.Round(x * Vector512.Create(1.44269504088896341f));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-0.693359375f), x); // ln 2 in two parts
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(2.12194440e-4f), r);
        var p = Vector512.Create(1.9875691500e-4f);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.3981999507e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(8.3334519073e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(4.1665795894e-2f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.6666665459e-1f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(5.0000001201e-1f));
        p = Vector512.FusedMultiplyAdd(p, r * r, r + Vector512<float>.One);
        var twoToN = (Vector512.ConvertToInt32(n) + Vector512.Create(127)) << 23;
        return p * twoToN.AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SumAcross(Vector512<float> v)
    {
        v += Avx512F.Shuffle4x128(v, v, 0b01_00_11_10);
        v += Avx512F.Shuffle4x128(v, v, 0b10_11_00_01);
        v += Avx512F.Permute4x32(v, 0b01_00_11_10);
        v += Avx512F.Permute4x32(v, 0b10_11_00_01);
        return v.ToScalar();
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
