using System.Collections.Immutable;

namespace Hpo.Sweeps.Search;

/// <summary>
/// A sampled configuration: key path (e.g. <c>training.learning_rate</c>, <c>model.units</c>) to value,
/// ordered by path so that equal configurations compare, hash and print equally.
/// </summary>
public sealed class TrialConfig : IEquatable<TrialConfig>
{
    public TrialConfig(IEnumerable<KeyValuePair<string, ParamValue>> values) =>
        Values = values.ToImmutableSortedDictionary(StringComparer.Ordinal);

    public static TrialConfig Empty { get; } = new([]);

    public ImmutableSortedDictionary<string, ParamValue> Values { get; }

    public ParamValue this[string path] => Values[path];
    public bool TryGet(string path, out ParamValue value) => Values.TryGetValue(path, out value);

    public TrialConfig With(string path, ParamValue value) => new(Values.SetItem(path, value));

    public bool Equals(TrialConfig? other) => other is not null && Values.Count == other.Values.Count
        && Values.All(kv => other.Values.TryGetValue(kv.Key, out var v) && v.Equals(kv.Value));

    public override bool Equals(object? obj) => Equals(obj as TrialConfig);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var kv in Values)
        {
            h.Add(kv.Key);
            h.Add(kv.Value);
        }
        return h.ToHashCode();
    }

    public override string ToString() => string.Join(", ", Values.Select(kv => $"{kv.Key}={kv.Value}"));
}
