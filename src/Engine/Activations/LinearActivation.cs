using Hpo.Engine.Options;

namespace Hpo.Engine.Activations;

public sealed class LinearActivation : IActivation
{
    public ActivationKind Kind => ActivationKind.Linear;
    public void Forward(ReadOnlySpan<float> x, Span<float> y) => x.CopyTo(y);
    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) => dy.CopyTo(dx);
}
