using Hpo.Engine.Kernels;
using Hpo.Engine.Tensors;

namespace Hpo.Engine.Layers;

/// <summary>
/// Batch normalisation over each feature: batch statistics while training (and the running averages
/// updated from them), the running statistics at inference.
/// </summary>
public sealed class BatchNormLayer : ILayer
{
    private const float Epsilon = 1e-3f;
    private readonly float _momentum;
    private Matrix? _input;
    private Matrix _output = new(0, 0);
    private Matrix _normalized = new(0, 0);
    private Matrix _inputGradient = new(0, 0);
    private readonly float[] _batchInverseStd;
    private readonly float[] _sumDy;
    private readonly float[] _sumDyXhat;

    public BatchNormLayer(string name, int width, float momentum)
    {
        Name = name;
        InputWidth = width;
        _momentum = momentum;
        Gamma = new Parameter(name + ".gamma", width);
        Beta = new Parameter(name + ".beta", width);
        RunningMean = new Parameter(name + ".running_mean", width, trainable: false);
        RunningVariance = new Parameter(name + ".running_variance", width, trainable: false);
        Array.Fill(Gamma.Value, 1f);
        Array.Fill(RunningVariance.Value, 1f);
        Parameters = [Gamma, Beta, RunningMean, RunningVariance];
        _batchInverseStd = new float[width];
        _sumDy = new float[width];
        _sumDyXhat = new float[width];
    }

    public string Name { get; }
    public int InputWidth { get; }
    public int OutputWidth => InputWidth;
    public Parameter Gamma { get; }
    public Parameter Beta { get; }
    public Parameter RunningMean { get; }
    public Parameter RunningVariance { get; }
    public IReadOnlyList<Parameter> Parameters { get; }

    public void Allocate(int maxBatch)
    {
        _output = new Matrix(maxBatch, InputWidth);
        _normalized = new Matrix(maxBatch, InputWidth);
        _inputGradient = new Matrix(maxBatch, InputWidth);
    }

    public Matrix Forward(Matrix input, bool training)
    {
        _input = input;
        int n = input.Rows, w = InputWidth;
        _output.SetRows(n);
        _normalized.SetRows(n);
        var gamma = Gamma.Value;
        var beta = Beta.Value;
        if (training)
        {
            var mean = _sumDy; // reused as scratch in forward
            var variance = _sumDyXhat;
            Array.Clear(mean);
            Array.Clear(variance);
            for (int r = 0; r < n; r++)
            {
                var x = input.Row(r);
                for (int j = 0; j < w; j++) mean[j] += x[j];
            }
            for (int j = 0; j < w; j++) mean[j] /= n;
            for (int r = 0; r < n; r++)
            {
                var x = input.Row(r);
                for (int j = 0; j < w; j++)
                {
                    float d = x[j] - mean[j];
                    variance[j] += d * d;
                }
            }
            var runMean = RunningMean.Value;
            var runVar = RunningVariance.Value;
            for (int j = 0; j < w; j++)
            {
                variance[j] /= n;
                _batchInverseStd[j] = 1f / MathF.Sqrt(variance[j] + Epsilon);
                runMean[j] = _momentum * runMean[j] + (1f - _momentum) * mean[j];
                runVar[j] = _momentum * runVar[j] + (1f - _momentum) * variance[j];
            }
            for (int r = 0; r < n; r++)
            {
                var x = input.Row(r);
                var xh = _normalized.Row(r);
                var y = _output.Row(r);
                for (int j = 0; j < w; j++)
                {
                    xh[j] = (x[j] - mean[j]) * _batchInverseStd[j];
                    y[j] = gamma[j] * xh[j] + beta[j];
                }
            }
        }
        else
        {
            var runMean = RunningMean.Value;
            var runVar = RunningVariance.Value;
            for (int r = 0; r < n; r++)
            {
                var x = input.Row(r);
                var y = _output.Row(r);
                for (int j = 0; j < w; j++)
                    y[j] = gamma[j] * (x[j] - runMean[j]) / MathF.Sqrt(runVar[j] + Epsilon) + beta[j];
            }
        }
        Subnormals.Flush(RunningMean.Value);
        Subnormals.Flush(RunningVariance.Value);
        Subnormals.Flush(_output.Span);
        return _output;
    }

    public Matrix Backward(Matrix outputGradient)
    {
        var input = _input ?? throw new InvalidOperationException("Backward before Forward");
        int n = input.Rows, w = InputWidth;
        _inputGradient.SetRows(n);
        Array.Clear(_sumDy);
        Array.Clear(_sumDyXhat);
        for (int r = 0; r < n; r++)
        {
            var dy = outputGradient.Row(r);
            var xh = _normalized.Row(r);
            for (int j = 0; j < w; j++)
            {
                _sumDy[j] += dy[j];
                _sumDyXhat[j] += dy[j] * xh[j];
            }
        }
        _sumDyXhat.CopyTo(Gamma.Gradient, 0);
        _sumDy.CopyTo(Beta.Gradient, 0);
        var gamma = Gamma.Value;
        for (int r = 0; r < n; r++)
        {
            var dy = outputGradient.Row(r);
            var xh = _normalized.Row(r);
            var dx = _inputGradient.Row(r);
            for (int j = 0; j < w; j++)
                dx[j] = gamma[j] * _batchInverseStd[j] / n * (n * dy[j] - _sumDy[j] - xh[j] * _sumDyXhat[j]);
        }
        Subnormals.Flush(Gamma.Gradient);
        Subnormals.Flush(Beta.Gradient);
        Subnormals.FlushBelow(_inputGradient.Span, Subnormals.Negligible);
        return _inputGradient;
    }
}
