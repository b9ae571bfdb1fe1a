namespace Hpo.Sweeps.Search;

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
