using Hpo.Engine.Tensors;

namespace Hpo.Engine.Layers;

/// <summary>
/// One forward/backward pair over cached inputs. Buffers are sized once by <see cref="Allocate"/>;
/// Forward and Backward never allocate. Backward overwrites (does not accumulate) parameter gradients.
/// </summary>
public interface ILayer
{
    string Name { get; }
    int InputWidth { get; }
    int OutputWidth { get; }
    IReadOnlyList<Parameter> Parameters { get; }

    void Allocate(int maxBatch);

    Matrix Forward(Matrix input, bool training);

    /// <summary>Takes dLoss/dOutput, fills parameter gradients and returns dLoss/dInput.</summary>
    Matrix Backward(Matrix outputGradient);
}
