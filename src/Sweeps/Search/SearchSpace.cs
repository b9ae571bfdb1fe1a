namespace Hpo.Sweeps.Search;

/// <summary>
/// The searched hyperparameters of a sweep, parents before the parameters whose conditions name them.
/// Dimension i of the unit hypercube belongs to <see cref="Parameters"/>[i], whether or not the
/// parameter is active in a given point, so that a point's coordinates never shift meaning.
/// </summary>
public sealed class SearchSpace
{
    private readonly Dictionary<string, int> _index;

    /// <summary>Orders the parameters so that parents come first (otherwise keeping the given order).</summary>
    /// <exception cref="ArgumentException">Duplicate paths, a condition naming no parameter of the space, or a cycle.</exception>
    public SearchSpace(IEnumerable<SearchParameter> parameters)
    {
        var given = parameters.ToList();
        var byPath = new Dictionary<string, SearchParameter>(StringComparer.Ordinal);
        foreach (var p in given)
            if (!byPath.TryAdd(p.Path, p)) throw new ArgumentException($"parameter {p.Path} is given twice", nameof(parameters));
        foreach (var p in given)
            foreach (var parent in p.Condition?.Parents ?? [])
                if (!byPath.ContainsKey(parent))
                    throw new ArgumentException($"{p.Path}: its condition names {parent}, which is not a parameter of the space", nameof(parameters));

        var ordered = new List<SearchParameter>(given.Count);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < given.Count)
        {
            var next = given.FirstOrDefault(p => !placed.Contains(p.Path) && (p.Condition?.Parents ?? []).All(placed.Contains))
                ?? throw new ArgumentException(
                    $"the conditions of {string.Join(", ", given.Where(p => !placed.Contains(p.Path)).Select(p => p.Path))} form a cycle",
                    nameof(parameters));
            ordered.Add(next);
            placed.Add(next.Path);
        }

        Parameters = ordered;
        _index = ordered.Select((p, i) => (p.Path, i)).ToDictionary(x => x.Path, x => x.i, StringComparer.Ordinal);
    }

    public static SearchSpace Empty { get; } = new([]);

    public IReadOnlyList<SearchParameter> Parameters { get; }

    /// <summary>The number of coordinates of a point: one per parameter.</summary>
    public int Dimensions => Parameters.Count;

    public bool IsEmpty => Parameters.Count == 0;

    public SearchParameter? Find(string path) => _index.TryGetValue(path, out var i) ? Parameters[i] : null;

    public int IndexOf(string path) => _index.GetValueOrDefault(path, -1);

    /// <summary>
    /// The configuration at a point of the unit hypercube (one coordinate in [0, 1) per parameter):
    /// each active parameter takes its domain's value at its coordinate; inactive ones are left out.
    /// </summary>
    public TrialConfig FromUnitPoint(ReadOnlySpan<double> point)
    {
        if (point.Length != Dimensions)
            throw new ArgumentException($"the point has {point.Length} coordinates; the space has {Dimensions} dimensions", nameof(point));
        var assigned = new Dictionary<string, ParamValue>(StringComparer.Ordinal);
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (p.IsActive(assigned)) assigned[p.Path] = p.Domain.FromUnit(point[i]);
        }
        return new TrialConfig(assigned);
    }

    /// <summary>Which parameters are active in a configuration (evaluated in order, so a parameter's parents are settled first).</summary>
    public IReadOnlyList<SearchParameter> ActiveIn(TrialConfig config) =>
        Parameters.Where(p => p.IsActive(config.Values)).ToList();

    /// <summary>
    /// What keeps a configuration from being one this space can produce: unknown keys, missing
    /// active parameters, values outside their domains, values given for inactive parameters.
    /// Empty when the configuration is valid.
    /// </summary>
    public IReadOnlyList<(string Path, string Problem)> Violations(TrialConfig config)
    {
        var problems = new List<(string, string)>();
        foreach (var path in config.Values.Keys)
            if (!_index.ContainsKey(path)) problems.Add((path, "is not a parameter of this search space"));
        foreach (var p in Parameters)
        {
            var present = config.TryGet(p.Path, out var value);
            var active = p.IsActive(config.Values);
            if (active && !present) problems.Add((p.Path, $"is active but has no value (condition: {p.Condition})"));
            else if (!active && present) problems.Add((p.Path, $"has a value ({value}) but is inactive (condition: {p.Condition})"));
            else if (present && !p.Domain.Contains(value)) problems.Add((p.Path, $"is {value}, outside its domain {p.Domain}"));
        }
        return problems;
    }

    public override string ToString() => string.Join(Environment.NewLine, Parameters);
}
