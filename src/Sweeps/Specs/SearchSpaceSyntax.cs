namespace Hpo.Sweeps.Specs;

/// <summary>
/// Recognises a search space written where a value goes: a mapping with one of the keys
/// <c>choice</c>, <c>int</c>, <c>uniform</c>, <c>loguniform</c>, <c>logint</c>, or (for
/// <c>model.units</c>) <c>per_layer</c>.
/// </summary>
public static class SearchSpaceSyntax
{
    public static IReadOnlyList<string> Kinds { get; } = ["choice", "int", "uniform", "loguniform", "logint"];

    /// <summary>One search space per hidden layer, up to the sampled depth (<c>units: {per_layer: {choice: [...]}}</c>).</summary>
    public const string PerLayer = "per_layer";

    /// <summary>The condition under which a search space is active (<c>when: {training.optimizer: [momentum]}</c>).</summary>
    public const string When = "when";

    /// <summary>The keys that mark a mapping as a search space.</summary>
    public static IReadOnlyList<string> Markers { get; } = [.. Kinds, PerLayer];

    /// <summary>The space's kind (e.g. "loguniform") when the node is written as a search space.</summary>
    public static bool TryGetKind(SpecNode node, out string kind)
    {
        kind = "";
        if (node is not SpecMapping m) return false;
        foreach (var e in m.Entries)
            if (Markers.Contains(e.Name))
            {
                kind = e.Name;
                return true;
            }
        return false;
    }
}
