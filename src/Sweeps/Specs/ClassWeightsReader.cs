using System.Diagnostics.CodeAnalysis;

namespace Hpo.Sweeps.Specs;

public sealed class ClassWeightsReader : SpecValueReader<ClassWeightsValue>
{
    private static readonly ListReader<double> List = new(SpecValues.NonNegative, minCount: 1);

    public override SpecValueKind Kind => SpecValueKind.Structured;
    public override string Expected => "balanced, none, or a list of numbers >= 0 (one per class)";

    public override bool TryRead(SpecNode node, string path, SpecContext context, [MaybeNullWhen(false)] out ClassWeightsValue value)
    {
        value = null;
        if (SpecScalars.IsNull(node) || node is SpecScalar { Value: "none" }) value = ClassWeightsValue.None;
        else if (node is SpecScalar { Value: "balanced" }) value = ClassWeightsValue.BalancedWeights;
        else if (node is SpecSequence)
        {
            if (!List.TryRead(node, path, context, out var weights)) return false;
            if (weights.All(w => w == 0)) return Fail(node, path, context, "at least one weight must be > 0", out value);
            value = new ClassWeightsValue(false, weights.Select(w => (float)w).ToArray());
        }
        else return FailType(node, path, context, out value);
        return true;
    }

    public override bool TryAccept(object? value, [MaybeNullWhen(false)] out ClassWeightsValue result, [NotNullWhen(false)] out string? error) =>
        base.TryAccept(value switch
        {
            null or "none" => ClassWeightsValue.None,
            "balanced" => ClassWeightsValue.BalancedWeights,
            _ => value,
        }, out result, out error);
}
