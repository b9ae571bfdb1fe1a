namespace Hpo.Sweeps.Search;

/// <summary>One searched hyperparameter: its key path (<c>training.learning_rate</c>, <c>model.units.2</c>), its domain, and when it is active.</summary>
public sealed record SearchParameter(string Path, SearchDomain Domain, SearchCondition? Condition = null)
{
    public bool IsActive(IReadOnlyDictionary<string, ParamValue> assigned) => Condition is null || Condition.Holds(assigned);

    public override string ToString() => Condition is null ? $"{Path}: {Domain}" : $"{Path}: {Domain} when {Condition}";
}
