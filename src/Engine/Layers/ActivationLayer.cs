using System.Runtime.CompilerServices;
using Hpo.Engine.Activations;
using Hpo.Engine.Kernels;
using Hpo.Engine.Options;
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

    /// <summary>The dense layer before this ReLU when <c>Network</c> fused them (see <see cref="DenseLayer.FusedRelu"/>).</summary>
    internal DenseLayer? FusedDense { get; set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Matrix Forward(Matrix input, bool training)
    {
        _input = input;
        // Fused: the dense layer's forward pass already wrote this layer's output.
        if (FusedDense is not null) return _output;
        _output.SetRows(input.Rows);
        Activation.Forward(input.Span, _output.Span);
        // ReLU's kernels flush as they go; the others (a sigmoid of -90 is 8e-40) in a pass of their own.
        if (Activation.Kind != ActivationKind.Relu) Subnormals.Flush(_output.Span);
        return _output;
    }

    /// <summary>Called by the fused dense layer: adds its bias to <paramref name="z"/> and writes the ReLU of it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void ForwardFused(Matrix z, ReadOnlySpan<float> bias, int threads)
    {
        _output.SetRows(z.Rows);
        ActivationTeamJob.BiasRelu(z.Span, z.Rows, z.Cols, bias, _output.Span, threads);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Matrix Backward(Matrix outputGradient)
    {
        var input = _input ?? throw new InvalidOperationException("Backward before Forward");
        _inputGradient.SetRows(input.Rows);
        if (FusedDense is { } dense)
            ActivationTeamJob.ReluBackwardBiasGradient(input.Span, outputGradient.Span, _inputGradient.Span, input.Rows, input.Cols, dense.Bias.Gradient, dense.Threads);
        else
        {
            Activation.Backward(input.Span, _output.Span, outputGradient.Span, _inputGradient.Span);
            if (Activation.Kind != ActivationKind.Relu) Subnormals.FlushBelow(_inputGradient.Span, Subnormals.Negligible);
        }
        return _inputGradient;
    }
}
