namespace Hpo.Sweeps.Specs;

/// <summary>
/// The keys a section allows, in the order they are applied (so that a shortcut key can refine a
/// fuller one whatever the document order is).
/// </summary>
public sealed class SpecTable<TTarget>
{
    private readonly Dictionary<string, ISpecKey<TTarget>> _byName;

    public SpecTable(string section, params ISpecKey<TTarget>[] keys)
    {
        Section = section;
        Keys = keys;
        _byName = keys.ToDictionary(k => k.Name, StringComparer.Ordinal);
    }

    /// <summary>What the section is, for messages ("model", "training.schedule").</summary>
    public string Section { get; }

    public IReadOnlyList<ISpecKey<TTarget>> Keys { get; }

    public IEnumerable<string> Names => Keys.Select(k => k.Name);

    public ISpecKey<TTarget>? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Reports an unknown key at its line, naming the allowed ones.</summary>
    public void ReportUnknown(SpecEntry entry, string path, SpecContext context) =>
        context.UnknownKey(entry, path, Names);

    /// <summary>
    /// Reads a mapping of fixed values into <paramref name="seed"/>: unknown keys, search spaces and
    /// bad values are reported (all of them) and skipped; the good values are applied in table order.
    /// A null node (an empty section) leaves the seed as it is.
    /// </summary>
    public TTarget ReadFixed(SpecNode? node, string path, TTarget seed, SpecContext context) =>
        Read(node, path, seed, context, onSearchSpace: null);

    /// <summary>
    /// As <see cref="ReadFixed"/>, but a search space written for a known key goes to
    /// <paramref name="onSearchSpace"/> (the key, its entry, its path) instead of being refused; null
    /// refuses it as <see cref="ReadFixed"/> does. The fixed values are applied to the seed as usual.
    /// </summary>
    public TTarget Read(SpecNode? node, string path, TTarget seed, SpecContext context,
        Action<ISpecKey<TTarget>, SpecEntry, string>? onSearchSpace)
    {
        if (node is null || SpecScalars.IsNull(node)) return seed;
        if (node is not SpecMapping mapping)
        {
            context.Error(path, node, $"must be a mapping of {Section} keys (got {node.Describe()})");
            return seed;
        }

        var values = new Dictionary<ISpecKey<TTarget>, object?>();
        foreach (var entry in mapping.Entries)
        {
            var keyPath = SpecPath.Join(path, entry.Name);
            var key = Find(entry.Name);
            if (key is null)
            {
                context.UnknownKey(entry, path, Names);
                continue;
            }
            context.Locations.Add(keyPath, entry);
            if (onSearchSpace is not null && SearchSpaceSyntax.TryGetKind(entry.Value, out _))
            {
                onSearchSpace(key, entry, keyPath);
                continue;
            }
            if (RejectSearchSpace(entry.Value, keyPath, context)) continue;
            if (key.Reader.TryReadValue(entry.Value, keyPath, context, out var value)) values[key] = value;
        }

        var result = seed;
        foreach (var key in Keys)
            if (values.TryGetValue(key, out var value)) result = key.Apply(result, value);
        return result;
    }

    /// <summary>Reports a search space where only a fixed value may go; true when there was one.</summary>
    public static bool RejectSearchSpace(SpecNode value, string path, SpecContext context)
    {
        if (!SearchSpaceSyntax.TryGetKind(value, out var kind)) return false;
        context.Error(path, value, $"{context.Command} takes fixed values; {path} is a search space ({{{kind}: ...}})");
        return true;
    }
}
