using Hpo.Engine.Options;

namespace Hpo.Engine.Data;

/// <summary>
/// Per-column affine scaling of a row-major float array: <c>x' = (x - Offset[c]) / Scale[c]</c>.
/// Standardize: offset = mean, scale = population standard deviation. Normalize: offset = min,
/// scale = max - min (training values map to [0, 1]). None: offset 0, scale 1. A constant column gets
/// scale 1, so it is only centred (to 0) and never produces NaN or infinity.
/// Fit on the training split only, then transform every split with the same parameters.
/// </summary>
public sealed class Scaler
{
    private Scaler(ScalingKind kind, float[] offset, float[] scale)
    {
        Kind = kind;
        Offset = offset;
        Scale = scale;
    }

    public ScalingKind Kind { get; }

    /// <summary>Fitted per-column offsets (saved with a model).</summary>
    public float[] Offset { get; }

    /// <summary>Fitted per-column scales, all positive and finite (saved with a model).</summary>
    public float[] Scale { get; }

    public int Columns => Offset.Length;

    /// <summary>Fits to <paramref name="data"/> (rows x <paramref name="columns"/>, row-major).</summary>
    public static Scaler Fit(ScalingKind kind, ReadOnlySpan<float> data, int columns)
    {
        if (columns <= 0) throw new ArgumentOutOfRangeException(nameof(columns), columns, "columns must be positive");
        if (data.Length % columns != 0)
            throw new ArgumentException($"{data.Length} values are not a whole number of rows of {columns}", nameof(data));
        var offset = new float[columns];
        var scale = new float[columns];
        Array.Fill(scale, 1f);
        if (kind == ScalingKind.None || data.Length == 0) return new Scaler(kind, offset, scale);

        var stats = DataStatistics.Compute(data, columns);
        for (int c = 0; c < columns; c++)
        {
            var s = stats[c];
            if (s.NonFinite > 0)
                throw new DataException($"cannot fit a scaler: column {c + 1} has {s.NonFinite} NaN or infinite values");
            bool constant = s.Min == s.Max;
            double off = kind == ScalingKind.Standardize ? s.Mean : s.Min;
            double sc = kind == ScalingKind.Standardize ? s.Std : s.Max - s.Min;
            offset[c] = (float)off;
            scale[c] = constant || !(sc > 0) || !float.IsFinite((float)sc) || (float)sc == 0 ? 1f : (float)sc;
        }
        return new Scaler(kind, offset, scale);
    }

    /// <summary>Restores a fitted scaler, e.g. from a model file.</summary>
    public static Scaler FromParameters(ScalingKind kind, float[] offset, float[] scale)
    {
        if (offset.Length != scale.Length)
            throw new ArgumentException($"{offset.Length} offsets but {scale.Length} scales");
        foreach (var s in scale)
            if (!(s > 0) || !float.IsFinite(s)) throw new ArgumentException($"scale {s} is not positive and finite", nameof(scale));
        return new Scaler(kind, (float[])offset.Clone(), (float[])scale.Clone());
    }

    /// <summary>An identity scaler for <paramref name="columns"/> columns.</summary>
    public static Scaler Identity(int columns) => Fit(ScalingKind.None, ReadOnlySpan<float>.Empty, columns);

    /// <summary>Scales rows in place.</summary>
    public void Transform(Span<float> data)
    {
        CheckShape(data.Length);
        if (Kind == ScalingKind.None) return;
        int cols = Columns;
        for (int i = 0; i < data.Length; i += cols)
        {
            var row = data.Slice(i, cols);
            for (int c = 0; c < cols; c++) row[c] = (row[c] - Offset[c]) / Scale[c];
        }
    }

    /// <summary>Undoes <see cref="Transform"/> in place (e.g. for regression predictions).</summary>
    public void InverseTransform(Span<float> data)
    {
        CheckShape(data.Length);
        if (Kind == ScalingKind.None) return;
        int cols = Columns;
        for (int i = 0; i < data.Length; i += cols)
        {
            var row = data.Slice(i, cols);
            for (int c = 0; c < cols; c++) row[c] = row[c] * Scale[c] + Offset[c];
        }
    }

    private void CheckShape(int length)
    {
        if (length % Columns != 0)
            throw new ArgumentException($"{length} values are not a whole number of rows of {Columns}");
    }
}
