using Hpo.Engine.Options;

namespace Hpo.Engine.Activations;

/// <summary>An element-wise activation: y = f(x) and dx = f'(x) * dy.</summary>
public interface IActivation
{
    ActivationKind Kind { get; }
    void Forward(ReadOnlySpan<float> x, Span<float> y);
    void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx);
}
