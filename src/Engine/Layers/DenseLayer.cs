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

    /// <summary>
    /// Threads a large matrix product of this layer may be split over (1: the calling thread only).
    /// The results are the same bits whatever the value.
    /// </summary>
    public int Threads { get; set; } = 1;

    /// <summary>
    /// The ReLU layer right after this one, when <c>Network</c> fused them: the forward pass adds the
    /// bias and applies the ReLU in one pass, and the ReLU's backward pass sums the bias gradient.
    /// </summary>
    internal ActivationLayer? FusedRelu { get; set; }

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
        Multiply(input.Span, Weights.Value, _output.Span, b, OutputWidth, InputWidth, false, false);
        if (FusedRelu is { } relu) relu.ForwardFused(_output, Bias.Value, Threads);
        else ElementWise.AddRowVector(_output.Span, b, OutputWidth, Bias.Value);
        return _output;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Matrix Backward(Matrix outputGradient)
    {
        var input = _input ?? throw new InvalidOperationException("Backward before Forward");
        int b = input.Rows;
        Multiply(input.Span, outputGradient.Span, Weights.Gradient, InputWidth, OutputWidth, b, true, false);
        if (FusedRelu is null) ElementWise.SumColumns(outputGradient.Span, b, OutputWidth, Bias.Gradient);
        _inputGradient.SetRows(b);
        if (ComputeInputGradient)
            Multiply(outputGradient.Span, Weights.Value, _inputGradient.Span, b, InputWidth, OutputWidth, false, true);
        return _inputGradient;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k, bool transposeA, bool transposeB)
    {
        if (Threads > 1) Gemm.MultiplyParallel(a, b, c, m, n, k, transposeA, transposeB, maxDegreeOfParallelism: Threads);
        else Gemm.Multiply(a, b, c, m, n, k, transposeA, transposeB);
    }
}
