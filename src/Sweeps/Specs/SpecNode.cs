namespace Hpo.Sweeps.Specs;

public enum SpecNodeKind { Scalar, Sequence, Mapping }

/// <summary>
/// A node of a parsed spec document (YAML or JSON) with its 1-based line and column, so that every
/// error can point at the place it comes from.
/// </summary>
public abstract class SpecNode(int line, int column)
{
    public int Line { get; } = line;
    public int Column { get; } = column;
    public abstract SpecNodeKind Kind { get; }

    /// <summary>How the node reads in an error message: the scalar's text, "a mapping", "a list".</summary>
    public abstract string Describe();
}

/// <summary>A scalar as written; typing (number, bool, null) is left to the readers.</summary>
public sealed class SpecScalar(string value, bool quoted, int line, int column) : SpecNode(line, column)
{
    public string Value { get; } = value;

    /// <summary>Written in quotes (or tagged !!str): a string, never a number, bool or null.</summary>
    public bool Quoted { get; } = quoted;

    public override SpecNodeKind Kind => SpecNodeKind.Scalar;

    public bool IsNull => !Quoted && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() =>
        Quoted ? $"\"{Value}\", a string" : Value.Length == 0 ? "nothing" : Value;
}

public sealed class SpecSequence(IReadOnlyList<SpecNode> items, int line, int column) : SpecNode(line, column)
{
    public IReadOnlyList<SpecNode> Items { get; } = items;
    public override SpecNodeKind Kind => SpecNodeKind.Sequence;
    public override string Describe() => "a list";
}

/// <summary>One key of a mapping: the key scalar (with its own position) and its value.</summary>
public sealed record SpecEntry(SpecScalar Key, SpecNode Value)
{
    public string Name => Key.Value;
}

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
