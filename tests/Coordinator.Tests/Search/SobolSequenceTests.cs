using Hpo.Sweeps.Search;

namespace Hpo.Coordinator.Tests.Search;

/// <summary>The Sobol sequence matches the published points and keeps its stratification when scrambled.</summary>
public class SobolSequenceTests
{
    private static double[][] Points(SobolSequence sequence, int count)
    {
        var points = new double[count][];
        for (int i = 0; i < count; i++)
        {
            points[i] = new double[sequence.Dimensions];
            sequence.Next(points[i]);
        }
        return points;
    }

    [Fact]
    public void The_first_points_in_three_dimensions_are_the_published_ones()
    {
        double[][] expected =
        [
            [0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75],
            [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875], [0.125, 0.625, 0.375],
        ];
        Assert.Equal(expected, Points(new SobolSequence(3), 8));
    }

    [Fact]
    public void The_sampler_skips_the_origin_so_two_parameters_start_at_the_centre()
    {
        var space = new SearchSpace([
            new SearchParameter("a", SearchDomain.Float(0, 1)), new SearchParameter("b", SearchDomain.Float(0, 1))]);
        var sampler = new SobolSampler(space, seed: 1, scramble: false);
        var first = Enumerable.Range(0, 4).Select(_ => sampler.Next([])).Select(c => (c["a"].Number, c["b"].Number)).ToList();
        Assert.Equal([(0.5, 0.5), (0.75, 0.25), (0.25, 0.75), (0.375, 0.375)], first);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(7L)]
    [InlineData(12345L)]
    public void Every_coordinate_of_the_first_256_points_fills_each_of_256_intervals_once(long? seed)
    {
        var points = Points(new SobolSequence(SobolSequence.MaxDimensions, seed), 256);
        for (int d = 0; d < SobolSequence.MaxDimensions; d++)
            Assert.Equal(Enumerable.Range(0, 256), points.Select(p => (int)(p[d] * 256)).Order());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(99L)]
    public void The_first_two_dimensions_form_a_net_every_4x4_cell_holds_one_of_16_points(long? seed)
    {
        var points = Points(new SobolSequence(2, seed), 16);
        Assert.Equal(Enumerable.Range(0, 16), points.Select(p => (int)(p[0] * 4) * 4 + (int)(p[1] * 4)).Order());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(5L)]
    public void Every_pair_of_dimensions_puts_a_sixteenth_of_1024_points_in_each_cell_of_a_4x4_grid(long? seed)
    {
        // Each two-dimensional projection of the first 2^10 points is a (t, 10, 2)-net with t <= 6.
        var points = Points(new SobolSequence(SobolSequence.MaxDimensions, seed), 1024);
        for (int a = 0; a < SobolSequence.MaxDimensions; a++)
            for (int b = a + 1; b < SobolSequence.MaxDimensions; b++)
            {
                var cells = points.GroupBy(p => (int)(p[a] * 4) * 4 + (int)(p[b] * 4)).Select(g => g.Count()).ToList();
                Assert.True(cells.Count == 16 && cells.All(c => c == 64), $"dimensions {a + 1} and {b + 1}: {string.Join(", ", cells)}");
            }
    }

    [Fact]
    public void Scrambling_is_determined_by_the_seed()
    {
        var a = Points(new SobolSequence(5, 3), 20);
        Assert.Equal(a, Points(new SobolSequence(5, 3), 20));
        Assert.NotEqual(a, Points(new SobolSequence(5, 4), 20));
        Assert.NotEqual(a, Points(new SobolSequence(5), 20));
    }

    [Fact]
    public void Dimensions_beyond_the_table_are_refused()
    {
        Assert.True(SobolSequence.MaxDimensions >= 21);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SobolSequence(SobolSequence.MaxDimensions + 1));
        var wide = new SearchSpace(Enumerable.Range(0, SobolSequence.MaxDimensions + 1).Select(i => new SearchParameter($"p{i}", SearchDomain.Float(0, 1))));
        Assert.Throws<ArgumentException>(() => new SobolSampler(wide, 1));
    }
}
