using Hpo.Engine.Options;

namespace Hpo.Engine.Losses;

public static class LossFactory
{
    /// <summary>Auto picks softmax cross-entropy for classification and MSE for regression.</summary>
    public static LossKind Resolve(LossKind kind, TaskKind task) =>
        kind != LossKind.Auto ? kind : task == TaskKind.Classification ? LossKind.CategoricalCrossEntropy : LossKind.Mse;

    public static ILoss Create(LossKind kind, TaskKind task, float huberDelta = 1f) => Resolve(kind, task) switch
    {
        LossKind.Mse => new MeanSquaredError(),
        LossKind.Mae => new MeanAbsoluteError(),
        LossKind.Msle => new MeanSquaredLogarithmicError(),
        LossKind.Huber => new HuberLoss(huberDelta),
        LossKind.BinaryCrossEntropy => new BinaryCrossEntropy(),
        LossKind.Hinge => new HingeLoss(),
        LossKind.SquaredHinge => new SquaredHingeLoss(),
        LossKind.CategoricalCrossEntropy => new SoftmaxCrossEntropy(),
        LossKind.SparseCategoricalCrossEntropy => new SparseSoftmaxCrossEntropy(),
        LossKind.KlDivergence => new SoftmaxCrossEntropy(kullbackLeibler: true),
        var k => throw new ArgumentException($"unknown loss {k}"),
    };
}
