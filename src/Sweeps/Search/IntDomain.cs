namespace Hpo.Sweeps.Search;

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
