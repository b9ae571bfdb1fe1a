using Hpo.Engine.Training;

namespace Hpo.Engine.Data;

// TEMPORARY until the data branch's scaler lands.
public sealed class Scaler
{
    public ScalingKind Kind { get; }
    public float[] Offset { get; }
    public float[] Scale { get; }

    private Scaler(ScalingKind kind, float[] offset, float[] scale) { Kind = kind; Offset = offset; Scale = scale; }

    public static Scaler Fit(ScalingKind kind, ReadOnlySpan<float> data, int rows, int cols)
    {
        var offset = new float[cols];
        var scale = new float[cols];
        Array.Fill(scale, 1f);
        if (kind == ScalingKind.None || rows == 0) return new Scaler(kind, offset, scale);
        for (int c = 0; c < cols; c++)
        {
            double sum = 0, sq = 0, min = double.MaxValue, max = double.MinValue;
            for (int r = 0; r < rows; r++)
            {
                double v = data[r * cols + c];
                sum += v; sq += v * v; min = Math.Min(min, v); max = Math.Max(max, v);
            }
            double mean = sum / rows, std = Math.Sqrt(Math.Max(0, sq / rows - mean * mean));
            if (kind == ScalingKind.Standardize) { offset[c] = (float)mean; scale[c] = std > 1e-12 ? (float)std : 1f; }
            else { offset[c] = (float)min; scale[c] = max - min > 1e-12 ? (float)(max - min) : 1f; }
        }
        return new Scaler(kind, offset, scale);
    }

    public void Transform(Span<float> data)
    {
        int cols = Offset.Length;
        for (int i = 0; i < data.Length; i++) data[i] = (data[i] - Offset[i % cols]) / Scale[i % cols];
    }

    public void InverseTransform(Span<float> data)
    {
        int cols = Offset.Length;
        for (int i = 0; i < data.Length; i++) data[i] = data[i] * Scale[i % cols] + Offset[i % cols];
    }
}
