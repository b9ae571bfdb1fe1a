using Hpo.Engine.Data;
using Hpo.Engine.Losses;
using Hpo.Engine.Options;
using Hpo.Engine.Tensors;

namespace Hpo.Engine.Model;

/// <summary>
/// Turns raw feature rows into predictions with a network in inference mode: scale the inputs, run the
/// network in chunks, then class probabilities (classification) or targets in their original units.
/// </summary>
public sealed class Predictor(Network network, TargetEncoder encoder, ILoss loss, Scaler inputScaler, Scaler? targetScaler)
{
    private Matrix? _chunk;

    public Network Network { get; } = network;
    public TargetEncoder Encoder { get; } = encoder;
    public Scaler InputScaler { get; } = inputScaler;
    public Scaler? TargetScaler { get; } = targetScaler;
    public int OutputWidth => Encoder.OutputWidth;

    public float[] Predict(ReadOnlySpan<float> features, int rows)
    {
        int width = Network.InputWidth;
        if (features.Length < rows * width)
            throw new DataException($"{rows} rows of {width} features need {rows * width} values, got {features.Length}");
        var scaled = features[..(rows * width)].ToArray();
        InputScaler.Transform(scaled);
        if (Network.MaxBatch == 0) Network.Allocate(256);
        _chunk ??= new Matrix(Network.MaxBatch, width);
        var result = new float[rows * OutputWidth];
        for (int start = 0; start < rows; start += Network.MaxBatch)
        {
            int count = Math.Min(Network.MaxBatch, rows - start);
            _chunk.SetRows(count);
            scaled.AsSpan(start * width, count * width).CopyTo(_chunk.Span);
            var outputs = Network.Forward(_chunk, training: false);
            for (int r = 0; r < count; r++)
            {
                var row = result.AsSpan((start + r) * OutputWidth, OutputWidth);
                outputs.Row(r).CopyTo(row);
                if (Encoder.Task == TaskKind.Classification) loss.ToPredictions(row);
                else TargetScaler?.InverseTransform(row);
            }
        }
        return result;
    }

    /// <summary>The predicted class of each row (classification only).</summary>
    public int[] PredictClasses(ReadOnlySpan<float> features, int rows)
    {
        var p = Predict(features, rows);
        var classes = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            var row = p.AsSpan(r * OutputWidth, OutputWidth);
            classes[r] = OutputWidth == 1 ? (row[0] > 0.5f ? 1 : 0) : ArgMax(row);
        }
        return classes;
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int j = 1; j < row.Length; j++)
            if (row[j] > row[best]) best = j;
        return best;
    }
}
