using System.Diagnostics.CodeAnalysis;
using Hpo.Engine.Options;

namespace Hpo.Sweeps.Specs;

/// <summary><c>training.transfer</c>: <c>{from: path/to/model, freeze: 1}</c> or null; a relative path resolves against the spec's directory.</summary>
public sealed class TransferReader : SpecValueReader<TransferSpec?>
{
    private sealed record Draft(string? From, int Freeze, double? LearningRate = null, bool KeepOutput = false);

    private static readonly SpecTable<Draft> Table = new("transfer",
        SpecKey.Of<Draft, string>("from", SpecValues.Text, (d, v) => d with { From = v }),
        SpecKey.Of<Draft, int>("freeze", SpecValues.NonNegativeInteger, (d, v) => d with { Freeze = v }),
        SpecKey.Of<Draft, double>("learning_rate", SpecValues.Positive, (d, v) => d with { LearningRate = v }),
        SpecKey.Of<Draft, bool>("keep_output", SpecValues.Bool, (d, v) => d with { KeepOutput = v }));

    public static EnumReader<PretrainingKind> Pretraining { get; } = SpecValues.Enum("pretraining",
        ("none", PretrainingKind.None), ("supervised", PretrainingKind.Supervised), ("autoencoder", PretrainingKind.Autoencoder));

    public override SpecValueKind Kind => SpecValueKind.Structured;
    public override string Expected => "a mapping with from (a saved model's path), freeze, learning_rate and keep_output, or null";

    public override bool TryRead(SpecNode node, string path, SpecContext context, out TransferSpec? value)
    {
        value = null;
        if (SpecScalars.IsNull(node)) return true;
        if (node is not SpecMapping) return FailType(node, path, context, out value);
        var before = context.Errors.Count;
        var draft = Table.ReadFixed(node, path, new Draft(null, 0), context);
        if (context.Errors.Count != before) return false;
        if (draft.From is null) return Fail(node, path, context, "needs from: the path of a saved model", out value);
        value = new TransferSpec(context.ResolvePath(draft.From), draft.Freeze, draft.LearningRate, draft.KeepOutput);
        return true;
    }

    public override bool TryAccept(object? value, [MaybeNullWhen(false)] out TransferSpec? result, [NotNullWhen(false)] out string? error)
    {
        if (value is null)
        {
            (result, error) = (null, null);
            return true;
        }
        return base.TryAccept(value, out result, out error);
    }
}
