namespace Hpo.Engine.Data;

/// <summary>
/// Seeded synthetic datasets shaped like scikit-learn's <c>make_*</c> functions. The same arguments
/// and seed always give identical arrays (the streams are ours, not NumPy's, so values differ from
/// scikit-learn's). Rows are shuffled; class labels are balanced (the remainder goes to the first classes).
/// Bad arguments throw <see cref="DataException"/>.
/// </summary>
public static class Generators
{
    /// <summary>
    /// Isotropic Gaussian blobs (make_blobs): <paramref name="centers"/> centres drawn uniformly in
    /// the box [centerBoxMin, centerBoxMax)^features, each with normal noise of std <paramref name="clusterStd"/>.
    /// </summary>
    public static Dataset Blobs(int samples, int features, int centers, double clusterStd, long seed,
        double centerBoxMin = -10, double centerBoxMax = 10)
    {
        RequirePositive("blobs", "samples", samples);
        RequirePositive("blobs", "features", features);
        RequirePositive("blobs", "centers", centers);
        RequireNonNegative("blobs", "cluster_std", clusterStd);
        if (!(centerBoxMax > centerBoxMin))
            throw new DataException($"blobs: center_box ({centerBoxMin}, {centerBoxMax}) must have min < max");

        var rng = new Rng(seed);
        var centre = new double[centers * features];
        for (int i = 0; i < centre.Length; i++) centre[i] = rng.NextDouble(centerBoxMin, centerBoxMax);

        var labels = BalancedLabels(samples, centers);
        var x = new float[samples * features];
        for (int i = 0; i < samples; i++)
            for (int j = 0; j < features; j++)
                x[i * features + j] = (float)(centre[labels[i] * features + j] + clusterStd * rng.NextGaussian());

        return ShuffledClassification("blobs", x, samples, features, labels, centers, rng);
    }

    /// <summary>
    /// Two concentric circles (make_circles): the outer circle (label 0) has radius 1, the inner one
    /// (label 1) radius <paramref name="factor"/>; Gaussian noise of std <paramref name="noise"/> is added.
    /// </summary>
    public static Dataset Circles(int samples, double noise, double factor, long seed)
    {
        RequireAtLeast("circles", "samples", samples, 2);
        RequireNonNegative("circles", "noise", noise);
        if (!(factor >= 0 && factor < 1))
            throw new DataException($"circles: factor must be in [0, 1), got {factor}");

        var rng = new Rng(seed);
        int outer = samples / 2, inner = samples - outer;
        var x = new float[samples * 2];
        var labels = new int[samples];
        for (int i = 0; i < outer; i++)
        {
            double a = 2 * Math.PI * i / outer;
            x[2 * i] = (float)(Math.Cos(a) + noise * rng.NextGaussian());
            x[2 * i + 1] = (float)(Math.Sin(a) + noise * rng.NextGaussian());
        }
        for (int i = 0; i < inner; i++)
        {
            double a = 2 * Math.PI * i / inner;
            int r = outer + i;
            x[2 * r] = (float)(factor * Math.Cos(a) + noise * rng.NextGaussian());
            x[2 * r + 1] = (float)(factor * Math.Sin(a) + noise * rng.NextGaussian());
            labels[r] = 1;
        }
        return ShuffledClassification("circles", x, samples, 2, labels, 2, rng);
    }

    /// <summary>
    /// Two interleaving half circles (make_moons): upper moon (label 0) centred at (0, 0), lower moon
    /// (label 1) centred at (1, 0.5), radius 1, plus Gaussian noise of std <paramref name="noise"/>.
    /// </summary>
    public static Dataset Moons(int samples, double noise, long seed)
    {
        RequireAtLeast("moons", "samples", samples, 2);
        RequireNonNegative("moons", "noise", noise);

        var rng = new Rng(seed);
        int outer = samples / 2, inner = samples - outer;
        var x = new float[samples * 2];
        var labels = new int[samples];
        for (int i = 0; i < outer; i++)
        {
            double a = outer == 1 ? 0 : Math.PI * i / (outer - 1);
            x[2 * i] = (float)(Math.Cos(a) + noise * rng.NextGaussian());
            x[2 * i + 1] = (float)(Math.Sin(a) + noise * rng.NextGaussian());
        }
        for (int i = 0; i < inner; i++)
        {
            double a = inner == 1 ? 0 : Math.PI * i / (inner - 1);
            int r = outer + i;
            x[2 * r] = (float)(1 - Math.Cos(a) + noise * rng.NextGaussian());
            x[2 * r + 1] = (float)(1 - Math.Sin(a) - 0.5 + noise * rng.NextGaussian());
            labels[r] = 1;
        }
        return ShuffledClassification("moons", x, samples, 2, labels, 2, rng);
    }

    /// <summary>
    /// A random linear regression problem (make_regression): standard normal inputs, the first
    /// <paramref name="informative"/> features get coefficients uniform in [0, 100), the rest 0;
    /// y = X·w + bias + N(0, noise²). Targets are unscaled (typically in the hundreds), as in scikit-learn.
    /// <paramref name="informative"/> is capped at <paramref name="features"/>, as scikit-learn does.
    /// </summary>
    public static Dataset Regression(int samples, int features, int informative, double noise, long seed,
        double bias = 0)
    {
        RequirePositive("regression", "samples", samples);
        RequirePositive("regression", "features", features);
        RequireNonNegative("regression", "informative", informative);
        RequireNonNegative("regression", "noise", noise);
        informative = Math.Min(informative, features);

        var rng = new Rng(seed);
        var x = new float[samples * features];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
        var w = new double[features];
        for (int j = 0; j < informative; j++) w[j] = 100 * rng.NextDouble();

        var y = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            double s = bias;
            for (int j = 0; j < informative; j++) s += w[j] * x[i * features + j];
            y[i] = (float)(s + noise * rng.NextGaussian());
        }
        return Dataset.Regression("regression", x, samples, features, y);
    }

    /// <summary>
    /// A random n-class problem (simplified make_classification). Each class is one Gaussian cluster
    /// (std 1) around a distinct random vertex of the hypercube [-1, 1]^informative, then mixed by a
    /// per-class random linear map (entries uniform in [-1, 1)) so clusters are not axis-aligned.
    /// The first <paramref name="informative"/> columns carry the signal; the remaining columns are
    /// standard normal noise. Unlike scikit-learn: one cluster per class, no redundant or repeated
    /// features, no label flipping, no shift/scale. Requires classes &lt;= 2^informative.
    /// </summary>
    public static Dataset Classification(int samples, int features, int informative, int classes, long seed)
    {
        RequirePositive("classification", "samples", samples);
        RequirePositive("classification", "features", features);
        RequirePositive("classification", "informative", informative);
        RequireAtLeast("classification", "classes", classes, 2);
        if (informative > features)
            throw new DataException($"classification: informative ({informative}) must not exceed features ({features})");
        if (informative < 31 && classes > (1 << informative))
            throw new DataException(
                $"classification: {classes} classes need at least {(int)Math.Ceiling(Math.Log2(classes))} informative features (2^informative hypercube vertices), got {informative}");

        var rng = new Rng(seed);
        // Distinct random vertices, encoded as sign bit masks over the informative dimensions.
        var vertices = new List<bool[]>(classes);
        var seen = new HashSet<string>();
        while (vertices.Count < classes)
        {
            var v = new bool[informative];
            for (int d = 0; d < informative; d++) v[d] = (rng.NextULong() >> 63) != 0;
            if (seen.Add(new string(Array.ConvertAll(v, b => b ? '1' : '0')))) vertices.Add(v);
        }
        var mix = new double[classes][];
        for (int c = 0; c < classes; c++)
        {
            mix[c] = new double[informative * informative];
            for (int k = 0; k < mix[c].Length; k++) mix[c][k] = rng.NextDouble(-1, 1);
        }

        var labels = BalancedLabels(samples, classes);
        var x = new float[samples * features];
        var z = new double[informative];
        for (int i = 0; i < samples; i++)
        {
            int c = labels[i];
            for (int d = 0; d < informative; d++) z[d] = rng.NextGaussian();
            var row = x.AsSpan(i * features, features);
            for (int d = 0; d < informative; d++)
            {
                double s = vertices[c][d] ? 1.0 : -1.0;
                for (int k = 0; k < informative; k++) s += z[k] * mix[c][k * informative + d];
                row[d] = (float)s;
            }
            for (int d = informative; d < features; d++) row[d] = (float)rng.NextGaussian();
        }
        return ShuffledClassification("classification", x, samples, features, labels, classes, rng);
    }

    /// <summary>Class names "0", "1", ... as used by the generators.</summary>
    public static IReadOnlyList<string> NumberedClassNames(int classes)
    {
        var names = new string[classes];
        for (int c = 0; c < classes; c++) names[c] = c.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return names;
    }

    private static int[] BalancedLabels(int samples, int classes)
    {
        var labels = new int[samples];
        int baseCount = samples / classes, extra = samples % classes, r = 0;
        for (int c = 0; c < classes; c++)
            for (int k = 0; k < baseCount + (c < extra ? 1 : 0); k++) labels[r++] = c;
        return labels;
    }

    private static Dataset ShuffledClassification(string name, float[] x, int samples, int features,
        int[] labels, int classes, Rng rng)
    {
        var order = rng.Permutation(samples);
        var data = Dataset.Classification(name, x, samples, features, labels, NumberedClassNames(classes));
        return data.Subset(order);
    }

    private static void RequirePositive(string gen, string what, int value) => RequireAtLeast(gen, what, value, 1);

    private static void RequireAtLeast(string gen, string what, int value, int min)
    {
        if (value < min) throw new DataException($"{gen}: {what} must be at least {min}, got {value}");
    }

    private static void RequireNonNegative(string gen, string what, double value)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new DataException($"{gen}: {what} must be a finite number >= 0, got {value}");
    }
}
