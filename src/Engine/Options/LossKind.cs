namespace Hpo.Engine.Options;

public enum LossKind
{
    Auto, Mse, Mae, Msle, Huber, BinaryCrossEntropy, Hinge, SquaredHinge,
    CategoricalCrossEntropy, SparseCategoricalCrossEntropy, KlDivergence,
}
