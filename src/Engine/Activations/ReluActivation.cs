using Hpo.Engine.Kernels;
using Hpo.Engine.Options;

namespace Hpo.Engine.Activations;

public sealed class ReluActivation : IActivation
{
    public ActivationKind Kind => ActivationKind.Relu;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => ActivationKernels.Relu(x, y);

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        ActivationKernels.ReluBackward(x, dy, dx);
    }
}
