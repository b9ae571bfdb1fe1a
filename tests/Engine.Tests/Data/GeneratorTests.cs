using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Engine.Tests.Data;

public class GeneratorTests
{
    private static int[] ClassCounts(Dataset d) =>
        Enumerable.Range(0, d.ClassCount).Select(c => d.Labels!.Count(l => l == c)).ToArray();

    [Fact]
    public void Blobs_have_the_requested_shape_balanced_classes_and_centres_in_the_box()
    {
        var d = Generators.Blobs(samples: 301, features: 4, centers: 3, clusterStd: 0.5, seed: 1);
        Assert.Equal(TaskKind.Classification, d.Task);
        Assert.Equal(301, d.Samples);
        Assert.Equal(4, d.FeatureCount);
        Assert.Equal(301 * 4, d.Features.Length);
        Assert.Equal(3, d.ClassCount);
        Assert.Equal([101, 100, 100], ClassCounts(d));
        // Class means are the centres, which lie in the default (-10, 10) box.
        for (int c = 0; c < 3; c++)
            for (int j = 0; j < 4; j++)
            {
                double mean = Enumerable.Range(0, d.Samples).Where(i => d.Labels![i] == c).Average(i => d.FeatureRow(i)[j]);
                Assert.InRange(mean, -10.3, 10.3);
            }
    }

    [Fact]
    public void Blobs_cluster_std_controls_spread_around_class_means()
    {
        var d = Generators.Blobs(3000, 2, 2, clusterStd: 2.0, seed: 9);
        var rows = Enumerable.Range(0, d.Samples).Where(i => d.Labels![i] == 0).ToArray();
        double mean = rows.Average(i => d.FeatureRow(i)[0]);
        double std = Math.Sqrt(rows.Average(i => Math.Pow(d.FeatureRow(i)[0] - mean, 2)));
        Assert.InRange(std, 1.85, 2.15);
    }

    [Fact]
    public void Generators_are_deterministic_per_seed()
    {
        Func<long, Dataset>[] makers =
        [
            s => Generators.Blobs(200, 3, 4, 1.0, s),
            s => Generators.Circles(200, 0.1, 0.5, s),
            s => Generators.Moons(200, 0.1, s),
            s => Generators.Regression(200, 5, 3, 1.0, s),
            s => Generators.Classification(200, 6, 3, 4, s),
        ];
        foreach (var make in makers)
        {
            Dataset a = make(11), b = make(11), c = make(12);
            Assert.Equal(a.Features, b.Features);
            Assert.NotEqual(a.Features, c.Features);
            if (a.Task == TaskKind.Classification) Assert.Equal(a.Labels, b.Labels);
            else Assert.Equal(a.Targets, b.Targets);
        }
    }

    [Fact]
    public void Circles_are_balanced_and_the_radii_ratio_is_the_factor()
    {
        var d = Generators.Circles(1001, noise: 0.02, factor: 0.3, seed: 2);
        Assert.Equal((1001, 2, 2), (d.Samples, d.FeatureCount, d.ClassCount));
        Assert.Equal([500, 501], ClassCounts(d));
        double Radius(int cls) => Enumerable.Range(0, d.Samples).Where(i => d.Labels![i] == cls)
            .Average(i => Math.Sqrt(d.FeatureRow(i)[0] * d.FeatureRow(i)[0] + d.FeatureRow(i)[1] * d.FeatureRow(i)[1]));
        Assert.InRange(Radius(0), 0.98, 1.02);
        Assert.InRange(Radius(1) / Radius(0), 0.28, 0.32);
    }

    [Fact]
    public void Circles_reject_a_factor_outside_0_to_1()
    {
        var e = Assert.Throws<DataException>(() => Generators.Circles(100, 0.1, 1.0, 1));
        Assert.Contains("factor", e.Message);
    }

    [Fact]
    public void Moons_are_balanced_and_shaped_like_two_half_circles()
    {
        var d = Generators.Moons(400, noise: 0.0, seed: 3);
        Assert.Equal((400, 2, 2), (d.Samples, d.FeatureCount, d.ClassCount));
        Assert.Equal([200, 200], ClassCounts(d));
        for (int i = 0; i < d.Samples; i++)
        {
            var r = d.FeatureRow(i);
            if (d.Labels![i] == 0)
            {
                Assert.InRange(r[1], -1e-6, 1.000001); // upper half circle around (0, 0)
                Assert.InRange(r[0] * r[0] + r[1] * r[1], 0.9999, 1.0001);
            }
            else
            {
                Assert.InRange(r[1], -0.500001, 0.500001); // lower half circle around (1, 0.5)
                Assert.InRange((r[0] - 1) * (r[0] - 1) + (r[1] - 0.5) * (r[1] - 0.5), 0.9999, 1.0001);
            }
        }
    }

    [Fact]
    public void Regression_targets_are_unscaled_and_linear_in_the_informative_features()
    {
        var d = Generators.Regression(500, 5, 3, noise: 0.0, seed: 4);
        Assert.Equal(TaskKind.Regression, d.Task);
        Assert.Equal((500, 5, 1), (d.Samples, d.FeatureCount, d.TargetCount));
        var y = d.Targets!;
        double std = Math.Sqrt(y.Average(v => v * (double)v) - Math.Pow(y.Average(v => (double)v), 2));
        Assert.True(std > 30, $"targets should be unscaled (std {std})");
        Assert.True(y.Max(Math.Abs) > 100, "targets should reach the hundreds");

        // Noise-free: least squares recovers coefficients in [0, 100) for the 3 informative
        // features, 0 for the others, and fits exactly.
        var w = LeastSquares(d);
        for (int j = 0; j < 3; j++) Assert.InRange(w[j], 0.0, 100.0);
        Assert.InRange(w[3], -1e-3, 1e-3);
        Assert.InRange(w[4], -1e-3, 1e-3);
        for (int i = 0; i < d.Samples; i++)
        {
            double pred = Enumerable.Range(0, 5).Sum(j => w[j] * d.FeatureRow(i)[j]);
            Assert.InRange(y[i] - pred, -1e-2, 1e-2);
        }
    }

    private static double[] LeastSquares(Dataset d)
    {
        int k = d.FeatureCount;
        var a = new double[k, k + 1]; // normal equations, augmented with X'y
        for (int i = 0; i < d.Samples; i++)
        {
            var r = d.FeatureRow(i);
            for (int p = 0; p < k; p++)
            {
                for (int q = 0; q < k; q++) a[p, q] += r[p] * (double)r[q];
                a[p, k] += r[p] * (double)d.Targets![i];
            }
        }
        for (int p = 0; p < k; p++) // Gauss-Jordan; X'X is well conditioned for Gaussian X
            for (int q = 0; q < k; q++)
            {
                if (q == p) continue;
                double f = a[q, p] / a[p, p];
                for (int c = 0; c <= k; c++) a[q, c] -= f * a[p, c];
            }
        return Enumerable.Range(0, k).Select(p => a[p, k] / a[p, p]).ToArray();
    }

    [Fact]
    public void Classification_has_the_requested_shape_and_balanced_classes()
    {
        var d = Generators.Classification(1000, features: 8, informative: 3, classes: 5, seed: 5);
        Assert.Equal((1000, 8, 5), (d.Samples, d.FeatureCount, d.ClassCount));
        Assert.Equal([200, 200, 200, 200, 200], ClassCounts(d));
        var e = Assert.Throws<DataException>(() => Generators.Classification(100, 4, 2, 5, 1));
        Assert.Contains("informative", e.Message);
        Assert.Throws<DataException>(() => Generators.Classification(100, 2, 3, 2, 1));
    }

    [Fact]
    public void Classification_classes_are_separable_better_than_chance()
    {
        // Nearest class mean on the informative features must beat chance by a wide margin.
        var d = Generators.Classification(2000, 4, 4, 3, seed: 6);
        var means = new double[3, 4];
        var counts = new int[3];
        for (int i = 0; i < d.Samples; i++)
        {
            counts[d.Labels![i]]++;
            for (int j = 0; j < 4; j++) means[d.Labels[i], j] += d.FeatureRow(i)[j];
        }
        for (int c = 0; c < 3; c++) for (int j = 0; j < 4; j++) means[c, j] /= counts[c];
        int correct = 0;
        for (int i = 0; i < d.Samples; i++)
        {
            var r = d.FeatureRow(i);
            int best = 0;
            double bestD = double.MaxValue;
            for (int c = 0; c < 3; c++)
            {
                double dist = 0;
                for (int j = 0; j < 4; j++) dist += Math.Pow(r[j] - means[c, j], 2);
                if (dist < bestD) { bestD = dist; best = c; }
            }
            if (best == d.Labels![i]) correct++;
        }
        Assert.True(correct > d.Samples * 0.5, $"accuracy {correct / (double)d.Samples}");
    }

    [Fact]
    public void Bad_generator_arguments_throw_DataException()
    {
        Assert.Throws<DataException>(() => Generators.Blobs(0, 2, 3, 1, 1));
        Assert.Throws<DataException>(() => Generators.Blobs(10, 2, 3, -1, 1));
        Assert.Throws<DataException>(() => Generators.Moons(10, double.NaN, 1));
        Assert.Throws<DataException>(() => Generators.Regression(10, 0, 1, 0, 1));
    }
}
