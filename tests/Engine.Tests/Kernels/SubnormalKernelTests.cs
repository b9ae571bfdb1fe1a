using Hpo.Engine.Kernels;

namespace Hpo.Engine.Tests.Kernels;

public class SubnormalKernelTests
{
    private static readonly float SmallestSubnormal = float.Epsilon;
    private static readonly float LargestSubnormal = BitConverter.Int32BitsToSingle(0x007F_FFFF);
    private static readonly float SmallestNormal = BitConverter.Int32BitsToSingle(0x0080_0000);

    [Fact]
    public void Flushing_zeroes_every_subnormal_and_keeps_every_other_value_on_every_width()
    {
        float[] kept = [SmallestNormal, -SmallestNormal, 1f, -3.5e-20f, float.MaxValue, float.PositiveInfinity, float.NegativeInfinity];
        float[] flushed = [SmallestSubnormal, -SmallestSubnormal, LargestSubnormal, -LargestSubnormal, 1e-40f, -0f, 0f];
        // 37 values: whole 16- and 8-lane vectors and a scalar tail, every value in every lane position.
        var values = Enumerable.Range(0, 37).Select(i => i % 2 == 0 ? kept[i % kept.Length] : flushed[i % flushed.Length]).ToArray();
        var span = values.ToArray();

        Subnormals.Flush(span);

        for (int i = 0; i < values.Length; i++)
        {
            float expected = Subnormals.IsSubnormal(values[i]) || values[i] == 0 ? 0f : values[i];
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(span[i]));
            Assert.Equal(BitConverter.SingleToInt32Bits(Subnormals.Flush(values[i])), BitConverter.SingleToInt32Bits(span[i]));
        }
        Assert.True(float.IsNaN(Subnormals.Flush(float.NaN)));
        Assert.Equal(0, Subnormals.Count(span));
        Assert.Equal(flushed.Length - 2, Subnormals.Count(flushed));
    }

    [Fact]
    public void A_velocity_whose_gradient_stays_zero_decays_to_zero_and_does_not_stick_at_the_smallest_subnormal()
    {
        float[] w = new float[21], v = new float[21], g = new float[21];
        Array.Fill(w, 0.5f);
        Array.Fill(v, 1e-30f);
        float[] wRef = (float[])w.Clone(), vRef = (float[])v.Clone();

        for (int step = 0; step < 1000; step++)
        {
            UpdateKernels.Momentum(w, v, g, 0.01f, 0.9f, nesterov: false);
            UpdateReference.Momentum(wRef, vRef, g, 0.01f, 0.9f, nesterov: false);
        }

        Assert.All(v, x => Assert.Equal(0f, x));
        Assert.Equal(vRef, v);
        Assert.Equal(wRef, w);
    }

    [Fact]
    public void Adam_moments_of_a_vanished_gradient_reach_zero()
    {
        float[] w = new float[19], m = new float[19], v = new float[19], g = new float[19];
        Array.Fill(w, 0.5f);
        Array.Fill(g, 1e-19f); // g * g underflows
        UpdateKernels.Adam(w, m, v, g, 0.9f, 0.999f, 1e-7f, 0.001f, 0f);
        Assert.Equal(0, Subnormals.Count(v));
        Array.Clear(g);
        for (int step = 0; step < 1000; step++) UpdateKernels.Adam(w, m, v, g, 0.9f, 0.999f, 1e-7f, 0.001f, 0f);
        Assert.All(m, x => Assert.Equal(0f, x));
        Assert.Equal(0, Subnormals.Count(v));
    }

    [Fact]
    public void Flushing_below_a_power_of_two_zeroes_what_is_below_and_keeps_the_rest_on_every_width()
    {
        float edge = MathF.ScaleB(1f, Subnormals.Negligible);
        float[] values = Enumerable.Range(0, 37).Select(i => (i % 6) switch
        {
            0 => edge,
            1 => -BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(edge) - 1), // just below
            2 => 1e-35f,
            3 => -0.5f,
            4 => 1e-40f,
            _ => float.NegativeInfinity,
        }).ToArray();
        var span = values.ToArray();

        Subnormals.FlushBelow(span, Subnormals.Negligible);

        for (int i = 0; i < values.Length; i++)
        {
            float expected = MathF.Abs(values[i]) < edge ? 0f : values[i];
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(span[i]));
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(Subnormals.FlushBelow(values[i], Subnormals.Negligible)));
        }
    }

    [Fact]
    public void Optimiser_states_hold_nothing_below_the_negligible_level_so_no_update_product_underflows()
    {
        float edge = MathF.ScaleB(1f, Subnormals.Negligible);
        float[] w = new float[37], m = new float[37], v = new float[37], vel = new float[37], g = new float[37];
        Array.Fill(w, 0.25f);
        // Gradients from ordinary to tiny: their moments and velocities decay through every magnitude.
        for (int i = 0; i < g.Length; i++) g[i] = MathF.ScaleB(i % 2 == 0 ? 1f : -1f, -3 * i);
        for (int step = 0; step < 3000; step++)
        {
            UpdateKernels.Adam(w, m, v, g, 0.9f, 0.999f, 1e-7f, 1e-3f, 0f);
            UpdateKernels.Momentum(w, vel, g, 0.01f, 0.9f, nesterov: false);
            if (step == 10) Array.Clear(g);
            foreach (var state in new[] { m, v, vel })
                Assert.All(state, x => Assert.True(x == 0 || MathF.Abs(x) >= edge, $"a state of {x} at step {step}"));
        }
        // 0.9 a step takes the first moments and velocities below the level within 3,000 steps.
        Assert.All(m.Concat(vel), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void A_gradient_whose_square_is_negligible_adds_nothing_to_adams_second_moment()
    {
        float[] w = [0.5f, 0.5f], m = new float[2], v = new float[2];
        float[] g = [1e-16f, 1e-12f]; // squares 1e-32 (below 2^-100) and 1e-24
        UpdateKernels.Adam(w, m, v, g, 0.9f, 0.999f, 1e-7f, 1e-3f, 0f);
        Assert.Equal(0f, v[0]);
        Assert.True(v[1] > 0);
        Assert.True(m[0] != 0 && m[1] != 0);
    }

    /// <summary>The small, narrow and blocked paths, one and several depth blocks.</summary>
    public static TheoryData<int, int, int, bool, bool, bool, int> Products() =>
        GemmTests.CasesOf([(1, 1, 1), (4, 10, 64), (17, 33, 65), (64, 10, 128), (70, 1100, 260), (9, 70, 1100), (150, 40, 2100)]);

    [Theory]
    [MemberData(nameof(Products))]
    public void A_product_whose_sums_are_subnormal_comes_out_as_zero_on_every_path(int m, int n, int k, bool ta, bool tb, bool acc, int level)
    {
        // 2^-70 * 2^-70 = 2^-140 a product: even 2,100 of them sum below 2^-126, the smallest normal.
        float tiny = MathF.ScaleB(1f, -70);
        var rng = new Random(k);
        float[] a = Enumerable.Range(0, m * k).Select(_ => rng.Next(2) == 0 ? tiny : -tiny).ToArray();
        float[] b = Enumerable.Repeat(tiny, k * n).ToArray();
        float[] c = Enumerable.Repeat(MathF.ScaleB(1f, -131), m * n).ToArray();
        float[] reference = (float[])c.Clone();

        Gemm.Multiply(a, b, c, m, n, k, ta, tb, acc, (SimdLevel)level);
        GemmReference.Multiply(a, b, reference, m, n, k, ta, tb, acc);

        Assert.Equal(0, Subnormals.Count(c));
        Assert.Equal(0, Subnormals.Count(reference));
        Assert.All(c, x => Assert.Equal(0f, x));
    }
}
