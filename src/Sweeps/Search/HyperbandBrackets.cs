namespace Hpo.Sweeps.Search;

/// <summary>
/// The bracket schedule of Hyperband (Li et al., JMLR 2018, Algorithm 1), with the maximum resource R in units
/// of the minimum resource: s_max = floor(log_eta R), B = (s_max + 1) R, and for s = s_max .. 0:
/// n = ceil(B / R * eta^s / (s + 1)), r = R eta^-s, and rung i keeps n_i = floor(n eta^-i) trials at r_i = r eta^i.
/// </summary>
public static class HyperbandBrackets
{
    /// <summary>s_max = floor(log_eta R), computed with integer powers so that R = eta^k gives exactly k.</summary>
    public static int MaxBracket(double maxResource, int eta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(eta, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResource, 1.0);
        int s = 0;
        double power = 1;
        while (power * eta <= maxResource * (1 + 1e-12))
        {
            power *= eta;
            s++;
        }
        return s;
    }

    /// <summary>All brackets, most aggressive (s = s_max) first.</summary>
    public static IReadOnlyList<HyperbandBracket> Compute(double maxResource, int eta)
    {
        int sMax = MaxBracket(maxResource, eta);
        var brackets = new HyperbandBracket[sMax + 1];
        for (int s = sMax; s >= 0; s--)
            brackets[sMax - s] = Bracket(s, sMax, maxResource, eta);
        return brackets;
    }

    public static HyperbandBracket Bracket(int s, int sMax, double maxResource, int eta)
    {
        long etaS = Pow(eta, s);
        long numerator = (sMax + 1) * etaS;
        long n = (numerator + s) / (s + 1); // ceil(numerator / (s + 1))
        double r = maxResource / etaS;
        var rungs = new HyperbandRung[s + 1];
        for (int i = 0; i <= s; i++)
        {
            long etaI = Pow(eta, i);
            rungs[i] = new HyperbandRung((int)(n / etaI), i == s ? maxResource : r * etaI);
        }
        return new HyperbandBracket(s, rungs);
    }

    /// <summary>The number of configurations bracket s starts with (its n), used to weigh asynchronous brackets.</summary>
    public static int Size(int s, int sMax, int eta) => (int)(((sMax + 1) * Pow(eta, s) + s) / (s + 1));

    private static long Pow(int b, int e)
    {
        long p = 1;
        for (int i = 0; i < e; i++)
            p *= b;
        return p;
    }
}
