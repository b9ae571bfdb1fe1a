namespace Hpo.Sweeps.Specs;

/// <summary>A 1-based line and column in a spec document; (0, 0) when unknown.</summary>
public readonly record struct SpecLocation(int Line, int Column)
{
    public static SpecLocation Unknown => default;
    public static SpecLocation Of(SpecNode node) => new(node.Line, node.Column);
}
