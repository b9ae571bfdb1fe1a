using System.Runtime.CompilerServices;
using Hpo.Engine.Layers;
using Hpo.Engine.Options;
using Hpo.Engine.Tensors;

namespace Hpo.Engine.Model;

/// <summary>A stack of layers run forward in order and backward in reverse.</summary>
public sealed class Network
{
    private readonly ILayer[] _layers;

    public Network(IReadOnlyList<ILayer> layers)
    {
        if (layers.Count == 0) throw new ArgumentException("a network needs at least one layer");
        _layers = layers.ToArray();
        Layers = _layers;
        DenseLayers = layers.OfType<DenseLayer>().ToArray();
        Parameters = layers.SelectMany(l => l.Parameters).ToArray();
        DenseLayers[0].ComputeInputGradient = false;
        for (int i = 0; i + 1 < _layers.Length; i++)
        {
            if (_layers[i] is DenseLayer dense && _layers[i + 1] is ActivationLayer { Activation.Kind: ActivationKind.Relu } relu)
            {
                dense.FusedRelu = relu;
                relu.FusedDense = dense;
            }
        }
    }

    public IReadOnlyList<ILayer> Layers { get; }
    public IReadOnlyList<DenseLayer> DenseLayers { get; }

    /// <summary>Every parameter, trainable or not, in a fixed order (the order of model files).</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Sees each layer's output and input gradient when set (diagnostics; null in training).</summary>
    public INetworkProbe? Probe { get; set; }

    public int InputWidth => Layers[0].InputWidth;
    public int OutputWidth => Layers[^1].OutputWidth;
    public int MaxBatch { get; private set; }

    public void Allocate(int maxBatch)
    {
        if (maxBatch == MaxBatch) return;
        foreach (var layer in Layers) layer.Allocate(maxBatch);
        MaxBatch = maxBatch;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Matrix Forward(Matrix input, bool training)
    {
        var x = input;
        foreach (var layer in _layers)
        {
            x = layer.Forward(x, training);
            Probe?.Forwarded(layer, x);
        }
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(Matrix outputGradient)
    {
        var g = outputGradient;
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            g = _layers[i].Backward(g);
            Probe?.Backwarded(_layers[i], g);
        }
    }

    public int TrainableParameterCount => Parameters.Where(p => p.Trainable).Sum(p => p.Length);
}
