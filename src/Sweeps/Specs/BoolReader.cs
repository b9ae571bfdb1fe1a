namespace Hpo.Sweeps.Specs;

public sealed class BoolReader : SpecValueReader<bool>
{
    public override SpecValueKind Kind => SpecValueKind.Boolean;
    public override string Expected => "true or false";

    public override bool TryRead(SpecNode node, string path, SpecContext context, out bool value) =>
        SpecScalars.TryBool(node, out value) || FailType(node, path, context, out value);
}
