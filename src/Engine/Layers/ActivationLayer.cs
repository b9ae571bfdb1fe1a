using System.Runtime.CompilerServices;
using Hpo.Engine.Activations;
using Hpo.Engine.Tensors;

namespace Hpo.Engine.Layers;

public sealed class ActivationLayer(string name, int width, IActivation activation) : ILayer
{
    private Matrix? _input;
    private Matrix _output = new(0, 0);
    private Matrix _inputGradient = new(0, 0);

    public string Name { get; } = name;
    public int InputWidth { get; } = width;
    public int OutputWidth => InputWidth;
    public IActivation Activation { get; } = activation;
    public IReadOnlyList<Parameter> Parameters => [];

    /// <summary>The last forward's outputs (for diagnostics such as dead or saturated units).</summary>
    public Matrix Output => _output;

    public void Allocate(int maxBatch)
    {
        _output = new Matrix(maxBatch, InputWidth);
        _inputGradient = new Matrix(maxBatch, InputWidth);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Matrix Forward(Matrix input, bool training)
    {
        _input = input;
        _output.SetRows(input.Rows);
        Activation.Forward(input.Span, _output.Span);
        return _output;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Matrix Backward(Matrix outputGradient)
    {
        var input = _input ?? throw new InvalidOperationException("Backward before Forward");
        _inputGradient.SetRows(input.Rows);
        Activation.Backward(input.Span, _output.Span, outputGradient.Span, _inputGradient.Span);
        return _inputGradient;
    }
}
