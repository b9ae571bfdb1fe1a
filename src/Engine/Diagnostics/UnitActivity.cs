using System.Numerics;
using System.Runtime.CompilerServices;
using Hpo.Engine.Kernels;
using Hpo.Engine.Layers;
using Hpo.Engine.Model;
using Hpo.Engine.Options;

namespace Hpo.Engine.Diagnostics;

/// <summary>
/// Watches the hidden activations during an epoch's training forward passes, for dead ReLU units (a unit
/// whose output is zero for every sample of the epoch) and saturated sigmoid/tanh units (outputs within
/// a margin of the asymptotes). Per batch it costs one vectorised pass over the activation outputs,
/// O(batch x width), next to the O(batch x width x inputs) of the dense layers; it allocates nothing.
/// A ReLU layer whose every unit has been active this epoch is not read again until the next: in a
/// healthy network that is after the first batch or two, so the bookkeeping stays off the step.
/// </summary>
public sealed class UnitActivity
{
    private readonly ActivationLayer[] _relu;
    private readonly float[][] _peak;
    private readonly bool[] _allActive;
    private readonly ActivationLayer[] _squashing;
    private readonly float[] _centre;
    private readonly float _sigmoidHalfWidth;
    private readonly float _tanhHalfWidth;
    private long _saturated;
    private long _squashedOutputs;

    public UnitActivity(Network network, double saturationMargin)
    {
        var activations = network.Layers.OfType<ActivationLayer>().ToArray();
        _relu = activations.Where(a => a.Activation.Kind == ActivationKind.Relu).ToArray();
        _peak = _relu.Select(a => new float[a.OutputWidth]).ToArray();
        _allActive = new bool[_relu.Length];
        _squashing = activations.Where(a => a.Activation.Kind is ActivationKind.Sigmoid or ActivationKind.Tanh).ToArray();
        _centre = _squashing.Select(a => a.Activation.Kind == ActivationKind.Sigmoid ? 0.5f : 0f).ToArray();
        _sigmoidHalfWidth = (float)(0.5 - saturationMargin);
        _tanhHalfWidth = (float)(1 - saturationMargin);
    }

    public bool HasRelu => _relu.Length > 0;
    public bool HasSquashing => _squashing.Length > 0;
    public int Batches { get; private set; }

    /// <summary>Reads the activation layers' outputs of the last training forward pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ObserveBatch()
    {
        for (int l = 0; l < _relu.Length; l++)
        {
            if (_allActive[l]) continue;
            var output = _relu[l].Output;
            var peak = _peak[l];
            ActivationKernels.MaxColumns(output.Span, output.Rows, output.Cols, peak);
            _allActive[l] = AllPositive(peak);
        }
        for (int l = 0; l < _squashing.Length; l++)
        {
            var output = _squashing[l].Output;
            float halfWidth = _centre[l] == 0f ? _tanhHalfWidth : _sigmoidHalfWidth;
            _saturated += CountBeyond(output.Span, _centre[l], halfWidth);
            _squashedOutputs += output.Length;
        }
        Batches++;
    }

    /// <summary>ReLU units never active since the last reset: per layer, then in total.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (string Layer, int Dead, int Units)[] DeadUnits()
    {
        var result = new (string, int, int)[_relu.Length];
        for (int l = 0; l < _relu.Length; l++)
        {
            int dead = 0;
            foreach (var p in _peak[l]) if (!(p > 0f)) dead++;
            result[l] = (_relu[l].Name, dead, _peak[l].Length);
        }
        return result;
    }

    /// <summary>The share of sigmoid/tanh outputs within the margin of an asymptote since the last reset.</summary>
    public double SaturatedShare => _squashedOutputs == 0 ? 0 : (double)_saturated / _squashedOutputs;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Reset()
    {
        foreach (var p in _peak) Array.Clear(p);
        Array.Clear(_allActive);
        _saturated = 0;
        _squashedOutputs = 0;
        Batches = 0;
    }

    private static bool AllPositive(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
        {
            if (!(v > 0f)) return false;
        }
        return true;
    }

    /// <summary>How many values satisfy |v - centre| &gt; halfWidth.</summary>
    internal static long CountBeyond(ReadOnlySpan<float> values, float centre, float halfWidth)
    {
        long count = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var c = new Vector<float>(centre);
            var h = new Vector<float>(halfWidth);
            var hits = Vector<int>.Zero;
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
                hits -= Vector.GreaterThan(Vector.Abs(new Vector<float>(values[i..]) - c), h); // true lanes are -1
            count = Vector.Sum(hits);
        }
        for (; i < values.Length; i++)
            if (MathF.Abs(values[i] - centre) > halfWidth) count++;
        return count;
    }
}
