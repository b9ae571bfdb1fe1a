namespace Hpo.Sweeps.Specs;

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
