namespace Hpo.Sweeps.Search;

/// <summary>
/// The values one hyperparameter may take: a list of choices, an integer range or a real range (either
/// range possibly on a log scale). Maps a coordinate of the unit interval to a value, so that random
/// and quasi-random samplers share one mapping, and lists the points a grid visits.
/// </summary>
public abstract record SearchDomain
{
    public static ChoiceDomain Choice(params ParamValue[] values) => new(values);
    public static IntDomain Int(long lo, long hi, bool log = false) => new(lo, hi, log);
    public static FloatDomain Float(double lo, double hi, bool log = false) => new(lo, hi, log);

    /// <summary>The value at coordinate <paramref name="u"/> in [0, 1); every value of the domain is reachable.</summary>
    public abstract ParamValue FromUnit(double u);

    public abstract bool Contains(ParamValue value);

    /// <summary>
    /// The values a grid visits, in order: every choice; every integer of a range holding at most
    /// <paramref name="points"/> integers, else that many spread evenly (in log space for log ranges);
    /// <paramref name="points"/> reals from lo to hi, both included.
    /// </summary>
    public abstract IReadOnlyList<ParamValue> GridValues(int points);

    protected static double Clamp01(double u) => double.IsNaN(u) ? 0 : Math.Clamp(u, 0, 1);
}
