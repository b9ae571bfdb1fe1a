namespace Hpo.Sweeps.Specs;

public sealed class SpecSequence(IReadOnlyList<SpecNode> items, int line, int column) : SpecNode(line, column)
{
    public IReadOnlyList<SpecNode> Items { get; } = items;
    public override SpecNodeKind Kind => SpecNodeKind.Sequence;
    public override string Describe() => "a list";
}
