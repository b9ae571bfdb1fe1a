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

/// <summary>
/// When a parameter is active: every clause holds (a parameter whose parent is inactive is inactive
/// too). An inactive parameter is left out of the trial's configuration.
/// </summary>
public sealed record SearchCondition
{
    public SearchCondition(IEnumerable<ConditionClause> clauses)
    {
        Clauses = clauses.ToArray();
        if (Clauses.Count == 0) throw new ArgumentException("a condition needs at least one clause", nameof(clauses));
    }

    public SearchCondition(string parent, params ParamValue[] allowed) : this([new ConditionClause(parent, allowed)]) { }

    public IReadOnlyList<ConditionClause> Clauses { get; }

    public IEnumerable<string> Parents => Clauses.Select(c => c.Parent).Distinct();

    public bool Holds(IReadOnlyDictionary<string, ParamValue> assigned) => Clauses.All(c => c.Holds(assigned));

    public bool Equals(SearchCondition? other) => other is not null && Clauses.SequenceEqual(other.Clauses);
    public override int GetHashCode() => Clauses.Count;
    public override string ToString() => string.Join(" and ", Clauses);
}

/// <summary>One searched hyperparameter: its key path (<c>training.learning_rate</c>, <c>model.units.2</c>), its domain, and when it is active.</summary>
public sealed record SearchParameter(string Path, SearchDomain Domain, SearchCondition? Condition = null)
{
    public bool IsActive(IReadOnlyDictionary<string, ParamValue> assigned) => Condition is null || Condition.Holds(assigned);

    public override string ToString() => Condition is null ? $"{Path}: {Domain}" : $"{Path}: {Domain} when {Condition}";
}
