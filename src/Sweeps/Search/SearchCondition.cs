namespace Hpo.Sweeps.Search;

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
