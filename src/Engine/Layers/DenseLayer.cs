using System.Runtime.CompilerServices;
using Hpo.Engine.Kernels;
using Hpo.Engine.Tensors;

namespace Hpo.Engine.Layers;

/// <summary>A fully connected layer: Y = X W + b, with W stored input x output, row-major.</summary>
public sealed class DenseLayer : ILayer
{
    private Matrix? _input;
    private Matrix _output = new(0, 0);
    private Matrix _inputGradient = new(0, 0);

    public DenseLayer(string name, int inputWidth, int outputWidth)
    {
        Name = name;
        InputWidth = inputWidth;
        OutputWidth = outputWidth;
        Weights = new Parameter(name + ".weights", inputWidth * outputWidth, isWeight: true);
        Bias = new Parameter(name + ".bias", outputWidth);
        Parameters = [Weights, Bias];
    }

    public string Name { get; }
    public int InputWidth { get; }
    public int OutputWidth { get; }
    public Parameter Weights { get; }
    public Parameter Bias { get; }
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The first layer needs no input gradient; skipping it saves a third of its backward pass.</summary>
    public bool ComputeInputGradient { get; set; } = true;

    public void Allocate(int maxBatch)
    {
        _output = new Matrix(maxBatch, OutputWidth);
        _inputGradient = new Matrix(maxBatch, InputWidth);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Matrix Forward(Matrix input, bool training)
    {
        _input = input;
        int b = input.Rows;
        _output.SetRows(b);
        Gemm.Multiply(input.Span, Weights.Value, _output.Span, b, OutputWidth, InputWidth);
        ElementWise.AddRowVector(_output.Span, b, OutputWidth, Bias.Value);
        return _output;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Matrix Backward(Matrix outputGradient)
    {
        var input = _input ?? throw new InvalidOperationException("Backward before Forward");
        int b = input.Rows;
        Gemm.Multiply(input.Span, outputGradient.Span, Weights.Gradient, InputWidth, OutputWidth, b, transposeA: true);
        ElementWise.SumColumns(outputGradient.Span, b, OutputWidth, Bias.Gradient);
        _inputGradient.SetRows(b);
        if (ComputeInputGradient)
            Gemm.Multiply(outputGradient.Span, Weights.Value, _inputGradient.Span, b, InputWidth, OutputWidth, transposeB: true);
        return _inputGradient;
    }
}
