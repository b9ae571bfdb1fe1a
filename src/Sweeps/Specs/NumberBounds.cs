namespace Hpo.Sweeps.Specs;

/// <summary>An interval a numeric value must lie in; either end may be open, closed or absent.</summary>
public readonly record struct NumberBounds(double? Min, bool MinInclusive, double? Max, bool MaxInclusive)
{
    public static NumberBounds Any => default;
    public static NumberBounds Above(double min) => new(min, false, null, false);
    public static NumberBounds AtLeast(double min) => new(min, true, null, false);
    public static NumberBounds Between(double min, bool minInclusive, double max, bool maxInclusive) =>
        new(min, minInclusive, max, maxInclusive);

    /// <summary>[0, 1): fractions, rates, momenta.</summary>
    public static NumberBounds UnitHalfOpen => new(0, true, 1, false);

    public bool Contains(double value) =>
        (Min is not { } lo || (MinInclusive ? value >= lo : value > lo))
        && (Max is not { } hi || (MaxInclusive ? value <= hi : value < hi));

    /// <summary>"&gt; 0", "&gt;= 1", "&lt; 1", "in [0, 1)"; empty when unbounded.</summary>
    public string Describe()
    {
        return (Min, Max) switch
        {
            ({ } lo, { } hi) => $"in {(MinInclusive ? '[' : '(')}{SpecScalars.Show(lo)}, {SpecScalars.Show(hi)}{(MaxInclusive ? ']' : ')')}",
            ({ } lo, null) => $"{(MinInclusive ? ">=" : ">")} {SpecScalars.Show(lo)}",
            (null, { } hi) => $"{(MaxInclusive ? "<=" : "<")} {SpecScalars.Show(hi)}",
            _ => "",
        };
    }
}
