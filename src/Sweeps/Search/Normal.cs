namespace Hpo.Sweeps.Search;

/// <summary>The standard normal distribution's density and (upper and lower) tail masses, accurate into the far tails.</summary>
internal static class Normal
{
    private static readonly double LogSqrtTwoPi = 0.5 * Math.Log(2 * Math.PI);

    public static double LogDensity(double z) => -0.5 * z * z - LogSqrtTwoPi;

    /// <summary>P(Z &lt;= z).</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>P(a &lt; Z &lt;= b), computed on the side where it does not cancel.</summary>
    public static double Mass(double a, double b)
    {
        if (b <= a) return 0;
        if (a >= 0) return Cdf(-a) - Cdf(-b);
        if (b <= 0) return Cdf(b) - Cdf(a);
        return 1 - Cdf(a) - Cdf(-b);
    }

    /// <summary>The complementary error function: a power series near zero, a continued fraction beyond.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < 0) return 2 - Erfc(-x);
        if (x < 2.5) return 1 - ErfSeries(x);
        if (x > 27) return 0;
        // erfc(x) = exp(-x²)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated from the tail.
        // Terms for full double precision: fewer the further out (checked against a reference to 3e-16).
        int terms = x < 3 ? 40 : x < 4 ? 30 : x < 5 ? 20 : 15;
        double k = x;
        for (int n = terms; n >= 1; n--) k = x + n / 2.0 / k;
        return Math.Exp(-x * x) / (Math.Sqrt(Math.PI) * k);
    }

    private static double ErfSeries(double x)
    {
        // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
        double term = x, sum = x, x2 = x * x;
        for (int n = 1; n < 200; n++)
        {
            term *= -x2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
