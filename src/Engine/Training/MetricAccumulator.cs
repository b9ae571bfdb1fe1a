using System.Runtime.CompilerServices;
namespace Hpo.Engine.Training;

/// <summary>
/// Sums loss, correct predictions and regression errors over batches; regression errors are taken
/// on predictions and targets in the target's original units.
/// </summary>
internal sealed class MetricAccumulator(bool classification)
{
    private double _lossSum;
    private long _samples;
    private long _correct;
    private double _se, _ae, _y, _yy;
    private long _values;

    public void Reset()
    {
        _lossSum = _se = _ae = _y = _yy = 0;
        _samples = _correct = _values = 0;
    }

    public void AddLoss(double meanLoss, int samples)
    {
        _lossSum += meanLoss * samples;
        _samples += samples;
    }

    public void AddDecision(bool correct)
    {
        if (correct) _correct++;
    }

    public void AddRegression(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target)
    {
        for (int j = 0; j < prediction.Length; j++)
        {
            double d = prediction[j] - target[j];
            _se += d * d;
            _ae += Math.Abs(d);
            _y += target[j];
            _yy += (double)target[j] * target[j];
        }
        _values += prediction.Length;
    }

    /// <summary>
    /// <see cref="AddRegression"/> for a batch: row i of <paramref name="predictions"/> against row
    /// <paramref name="samples"/>[i] of <paramref name="targets"/>, summed in the same order in one loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRegressionRows(ReadOnlySpan<float> predictions, int width, ReadOnlySpan<float> targets, ReadOnlySpan<int> samples)
    {
        double se = _se, ae = _ae, y = _y, yy = _yy;
        for (int i = 0; i < samples.Length; i++)
        {
            var prediction = predictions.Slice(i * width, width);
            var target = targets.Slice(samples[i] * width, width);
            for (int j = 0; j < width; j++)
            {
                double d = prediction[j] - target[j];
                se += d * d;
                ae += Math.Abs(d);
                y += target[j];
                yy += (double)target[j] * target[j];
            }
        }
        (_se, _ae, _y, _yy) = (se, ae, y, yy);
        _values += (long)samples.Length * width;
    }

    public double Loss => _samples == 0 ? double.NaN : _lossSum / _samples;
    public double? Accuracy => classification && _samples > 0 ? (double)_correct / _samples : null;
    public double? Mse => classification || _values == 0 ? null : _se / _values;
    public double? Mae => classification || _values == 0 ? null : _ae / _values;

    public double? R2
    {
        get
        {
            if (classification || _values == 0) return null;
            double mean = _y / _values;
            double total = _yy - _values * mean * mean;
            return total <= 0 ? null : 1 - _se / total;
        }
    }

    public Evaluation ToEvaluation() => new((int)_samples, Loss, Accuracy, Mse, Mae, R2);
}
