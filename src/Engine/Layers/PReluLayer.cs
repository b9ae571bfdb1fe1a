using Hpo.Engine.Kernels;
using Hpo.Engine.Tensors;

namespace Hpo.Engine.Layers;

/// <summary>Parametric ReLU: y = x for x > 0, a_j * x otherwise, with one learned slope per unit.</summary>
public sealed class PReluLayer : ILayer
{
    private Matrix? _input;
    private Matrix _output = new(0, 0);
    private Matrix _inputGradient = new(0, 0);

    public PReluLayer(string name, int width, float initialSlope)
    {
        Name = name;
        InputWidth = width;
        Slopes = new Parameter(name + ".alpha", width);
        Array.Fill(Slopes.Value, initialSlope);
        Parameters = [Slopes];
    }

    public string Name { get; }
    public int InputWidth { get; }
    public int OutputWidth => InputWidth;
    public Parameter Slopes { get; }
    public IReadOnlyList<Parameter> Parameters { get; }
    public Matrix Output => _output;

    public void Allocate(int maxBatch)
    {
        _output = new Matrix(maxBatch, InputWidth);
        _inputGradient = new Matrix(maxBatch, InputWidth);
    }

    public Matrix Forward(Matrix input, bool training)
    {
        _input = input;
        int w = InputWidth;
        _output.SetRows(input.Rows);
        var a = Slopes.Value;
        for (int r = 0; r < input.Rows; r++)
        {
            var x = input.Row(r);
            var y = _output.Row(r);
            for (int j = 0; j < w; j++) y[j] = x[j] > 0f ? x[j] : a[j] * x[j];
        }
        Subnormals.Flush(_output.Span);
        return _output;
    }

    public Matrix Backward(Matrix outputGradient)
    {
        var input = _input ?? throw new InvalidOperationException("Backward before Forward");
        int w = InputWidth;
        _inputGradient.SetRows(input.Rows);
        var a = Slopes.Value;
        var ga = Slopes.Gradient;
        Array.Clear(ga);
        for (int r = 0; r < input.Rows; r++)
        {
            var x = input.Row(r);
            var dy = outputGradient.Row(r);
            var dx = _inputGradient.Row(r);
            for (int j = 0; j < w; j++)
            {
                if (x[j] > 0f) dx[j] = dy[j];
                else
                {
                    dx[j] = a[j] * dy[j];
                    ga[j] += x[j] * dy[j];
                }
            }
        }
        Subnormals.Flush(ga);
        Subnormals.FlushBelow(_inputGradient.Span, Subnormals.Negligible);
        return _inputGradient;
    }
}
