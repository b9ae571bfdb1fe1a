namespace Hpo.Coordinator.Specs;

/// <summary>
/// Recognises a search space written where a value goes: a mapping with one of the keys
/// <c>choice</c>, <c>int</c>, <c>uniform</c>, <c>loguniform</c>, <c>logint</c>.
/// </summary>
public static class SearchSpaceSyntax
{
    public static IReadOnlyList<string> Kinds { get; } = ["choice", "int", "uniform", "loguniform", "logint"];

    /// <summary>The space's kind (e.g. "loguniform") when the node is written as a search space.</summary>
    public static bool TryGetKind(SpecNode node, out string kind)
    {
        kind = "";
        if (node is not SpecMapping m) return false;
        foreach (var e in m.Entries)
            if (Kinds.Contains(e.Name))
            {
                kind = e.Name;
                return true;
            }
        return false;
    }
}
