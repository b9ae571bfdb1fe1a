namespace Hpo.Sweeps.Search;

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
