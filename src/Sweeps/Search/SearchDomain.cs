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

/// <summary>One of a list of values (numbers, names, null, or labels of structured values).</summary>
public sealed record ChoiceDomain : SearchDomain
{
    public ChoiceDomain(IEnumerable<ParamValue> values)
    {
        Values = values.ToArray();
        if (Values.Count == 0) throw new ArgumentException("a choice needs at least one value", nameof(values));
        if (Values.Distinct().Count() != Values.Count) throw new ArgumentException("the choices must differ", nameof(values));
    }

    public IReadOnlyList<ParamValue> Values { get; }

    public int IndexOf(ParamValue value)
    {
        for (int i = 0; i < Values.Count; i++)
            if (Values[i].Equals(value)) return i;
        return -1;
    }

    public override ParamValue FromUnit(double u) => Values[Math.Min((int)(Clamp01(u) * Values.Count), Values.Count - 1)];

    public override bool Contains(ParamValue value) => IndexOf(value) >= 0;

    public override IReadOnlyList<ParamValue> GridValues(int points) => Values;

    public bool Equals(ChoiceDomain? other) => other is not null && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => Values.Aggregate(Values.Count, (h, v) => HashCode.Combine(h, v));

    public override string ToString() => $"choice[{string.Join(", ", Values)}]";
}

/// <summary>An integer in [lo, hi]; on a log scale every integer k weighs log((k+1)/k).</summary>
public sealed record IntDomain : SearchDomain
{
    public IntDomain(long lo, long hi, bool log)
    {
        if (lo > hi) throw new ArgumentException($"lo ({lo}) must be <= hi ({hi})", nameof(lo));
        if (log && lo < 1) throw new ArgumentException($"a log range needs lo >= 1 (got {lo})", nameof(lo));
        (Lo, Hi, Log) = (lo, hi, log);
    }

    public long Lo { get; }
    public long Hi { get; }
    public bool Log { get; }
    public long Count => Hi - Lo + 1;

    public override ParamValue FromUnit(double u)
    {
        u = Clamp01(u);
        double x = Log
            ? Math.Exp(Math.Log(Lo) + u * (Math.Log(Hi + 1.0) - Math.Log(Lo)))
            : Lo + u * Count;
        return ParamValue.Of(Math.Clamp((long)Math.Floor(x), Lo, Hi));
    }

    public override bool Contains(ParamValue value) =>
        value.Kind == ParamKind.Int && value.AsInt >= Lo && value.AsInt <= Hi;

    public override IReadOnlyList<ParamValue> GridValues(int points)
    {
        if (Count <= points) return Enumerable.Range(0, (int)Count).Select(i => ParamValue.Of(Lo + i)).ToList();
        var values = new List<ParamValue>();
        for (int i = 0; i < points; i++)
        {
            double t = points == 1 ? 0.5 : i / (points - 1.0);
            double x = Log ? Math.Exp(Math.Log(Lo) + t * (Math.Log(Hi) - Math.Log(Lo))) : Lo + t * (Hi - Lo);
            var v = ParamValue.Of(Math.Clamp((long)Math.Round(x), Lo, Hi));
            if (!values.Contains(v)) values.Add(v);
        }
        return values;
    }

    public override string ToString() => $"{(Log ? "logint" : "int")}[{Lo}, {Hi}]";
}

/// <summary>A real number in [lo, hi]; on a log scale uniform in log(x).</summary>
public sealed record FloatDomain : SearchDomain
{
    public FloatDomain(double lo, double hi, bool log)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi)) throw new ArgumentException("a range needs finite ends", nameof(lo));
        if (lo > hi) throw new ArgumentException($"lo ({lo}) must be <= hi ({hi})", nameof(lo));
        if (log && lo <= 0) throw new ArgumentException($"a log range needs lo > 0 (got {lo})", nameof(lo));
        (Lo, Hi, Log) = (lo, hi, log);
    }

    public double Lo { get; }
    public double Hi { get; }
    public bool Log { get; }

    public override ParamValue FromUnit(double u) => ParamValue.Of(At(Clamp01(u)));

    /// <summary>The point at fraction <paramref name="t"/> of the range (of its logarithm on a log scale), within [lo, hi].</summary>
    public double At(double t)
    {
        double x = Log ? Math.Exp(Math.Log(Lo) + t * (Math.Log(Hi) - Math.Log(Lo))) : Lo + t * (Hi - Lo);
        return Math.Clamp(x, Lo, Hi);
    }

    public override bool Contains(ParamValue value) =>
        value.Kind == ParamKind.Float && value.Number >= Lo && value.Number <= Hi;

    public override IReadOnlyList<ParamValue> GridValues(int points)
    {
        if (Lo == Hi || points <= 1) return [ParamValue.Of(points <= 1 ? At(0.5) : Lo)];
        var values = new List<ParamValue>(points);
        for (int i = 0; i < points; i++)
            values.Add(ParamValue.Of(i == 0 ? Lo : i == points - 1 ? Hi : At(i / (points - 1.0))));
        return values;
    }

    public override string ToString() => $"{(Log ? "loguniform" : "uniform")}[{Lo}, {Hi}]";
}
