namespace Hpo.Sweeps.Specs;

public sealed class SpecMapping(IReadOnlyList<SpecEntry> entries, int line, int column) : SpecNode(line, column)
{
    /// <summary>The entries in document order; keys are unique.</summary>
    public IReadOnlyList<SpecEntry> Entries { get; } = entries;
    public override SpecNodeKind Kind => SpecNodeKind.Mapping;
    public override string Describe() => "a mapping";

    public SpecEntry? Find(string name)
    {
        foreach (var e in Entries)
            if (e.Name == name) return e;
        return null;
    }
}
