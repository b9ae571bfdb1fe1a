using Hpo.Engine.Tensors;

namespace Hpo.Engine.Layers;

/// <summary>Inverted dropout: while training, zero each unit with probability rate and scale the rest by 1/(1-rate).</summary>
public sealed class DropoutLayer(string name, int width, float rate, Rng rng) : ILayer
{
    private Matrix _output = new(0, 0);
    private Matrix _mask = new(0, 0);
    private Matrix _inputGradient = new(0, 0);
    private bool _masked;

    public string Name { get; } = name;
    public int InputWidth { get; } = width;
    public int OutputWidth => InputWidth;
    public float Rate { get; } = rate;
    public IReadOnlyList<Parameter> Parameters => [];

    public void Allocate(int maxBatch)
    {
        _output = new Matrix(maxBatch, InputWidth);
        _mask = new Matrix(maxBatch, InputWidth);
        _inputGradient = new Matrix(maxBatch, InputWidth);
    }

    public Matrix Forward(Matrix input, bool training)
    {
        _masked = training && Rate > 0f;
        if (!_masked) return input;
        _output.SetRows(input.Rows);
        _mask.SetRows(input.Rows);
        float keep = 1f - Rate, scale = 1f / keep;
        var m = _mask.Span;
        for (int i = 0; i < m.Length; i++) m[i] = rng.NextFloat() < keep ? scale : 0f;
        var x = input.Span;
        var y = _output.Span;
        for (int i = 0; i < y.Length; i++) y[i] = x[i] * m[i];
        return _output;
    }

    public Matrix Backward(Matrix outputGradient)
    {
        if (!_masked) return outputGradient;
        _inputGradient.SetRows(outputGradient.Rows);
        var m = _mask.Span;
        var dy = outputGradient.Span;
        var dx = _inputGradient.Span;
        for (int i = 0; i < dx.Length; i++) dx[i] = dy[i] * m[i];
        return _inputGradient;
    }
}
