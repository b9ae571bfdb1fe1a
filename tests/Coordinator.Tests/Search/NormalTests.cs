using Hpo.Sweeps.Search;

namespace Hpo.Coordinator.Tests.Search;

/// <summary>The error function TPE's truncated Gaussians rest on, against reference values.</summary>
public class NormalTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(2.0, 0.004677734981047265)]
    [InlineData(3.0, 2.2090496998585438e-05)]
    [InlineData(5.0, 1.5374597944280351e-12)]
    [InlineData(10.0, 2.088487583762545e-45)]
    [InlineData(-1.0, 1.8427007929497148)]
    public void Erfc_matches_reference_values(double x, double expected) =>
        Assert.Equal(1.0, Normal.Erfc(x) / expected, 10);

    [Fact]
    public void Tail_masses_keep_their_precision_far_out()
    {
        Assert.Equal(0.6826894921370859, Normal.Mass(-1, 1), 12);
        // P(8 < Z <= 9) ~ 6.2e-16: a difference of two CDFs near 1 would give 0.
        Assert.Equal(1.0, Normal.Mass(8, 9) / (0.5 * (Normal.Erfc(8 / Math.Sqrt(2)) - Normal.Erfc(9 / Math.Sqrt(2)))), 10);
        Assert.True(Normal.Mass(8, 9) > 0);
        Assert.Equal(1.0, Normal.Mass(-9, -8) / Normal.Mass(8, 9), 12);
    }
}
