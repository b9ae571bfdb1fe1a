namespace Hpo.Sweeps.Specs;

/// <summary>
/// Where each key path of a spec was written, so that checks made after parsing (against the data,
/// or per sampled trial of a sweep) can still name the line.
/// </summary>
public sealed class SpecLocations
{
    private readonly Dictionary<string, SpecLocation> _byPath = new(StringComparer.Ordinal);

    public static SpecLocations Empty { get; } = new();

    public IReadOnlyCollection<string> Paths => _byPath.Keys;

    /// <summary>Records a key: a scalar value's own position, else (a section) the key's.</summary>
    public void Add(string path, SpecEntry entry) =>
        _byPath[path] = SpecLocation.Of(entry.Value is SpecScalar ? entry.Value : entry.Key);

    public void Add(string path, SpecLocation location) => _byPath[path] = location;

    public bool Contains(string path) => _byPath.ContainsKey(path);

    public bool TryGet(string path, out SpecLocation location) => _byPath.TryGetValue(path, out location);

    /// <summary>
    /// The position of the path, else of its nearest recorded parent, else of the document (the
    /// empty path, recorded by the parser), else unknown.
    /// </summary>
    public SpecLocation Find(string path)
    {
        for (var p = path; p.Length > 0; p = SpecPath.Parent(p))
            if (_byPath.TryGetValue(p, out var at)) return at;
        return _byPath.GetValueOrDefault("");
    }
}
