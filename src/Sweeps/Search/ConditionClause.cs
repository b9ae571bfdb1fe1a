namespace Hpo.Sweeps.Search;

/// <summary>One requirement of a condition: the parameter <see cref="Parent"/> is active and took one of <see cref="Allowed"/>.</summary>
public sealed record ConditionClause
{
    public ConditionClause(string parent, IEnumerable<ParamValue> allowed)
    {
        Parent = parent;
        Allowed = allowed.Distinct().ToArray();
        if (Allowed.Count == 0) throw new ArgumentException("a condition needs at least one allowed value", nameof(allowed));
    }

    public string Parent { get; }
    public IReadOnlyList<ParamValue> Allowed { get; }

    public bool Holds(IReadOnlyDictionary<string, ParamValue> assigned) =>
        assigned.TryGetValue(Parent, out var value) && Allowed.Contains(value);

    public bool Equals(ConditionClause? other) => other is not null && Parent == other.Parent && Allowed.SequenceEqual(other.Allowed);
    public override int GetHashCode() => HashCode.Combine(Parent, Allowed.Count);
    public override string ToString() => $"{Parent} in [{string.Join(", ", Allowed)}]";
}
