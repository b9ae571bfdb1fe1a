namespace Hpo.Sweeps.Specs;

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
