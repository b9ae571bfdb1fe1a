namespace Hpo.Engine.Data;

/// <summary>Per-column statistics of row-major data, e.g. to warn about unscaled inputs or targets.</summary>
public static class DataStatistics
{
    public static ColumnStatistics[] Compute(ReadOnlySpan<float> data, int columns)
    {
        if (columns <= 0) throw new ArgumentOutOfRangeException(nameof(columns), columns, "columns must be positive");
        if (data.Length % columns != 0)
            throw new ArgumentException($"{data.Length} values are not a whole number of rows of {columns}", nameof(data));
        var count = new int[columns];
        var bad = new int[columns];
        var sum = new double[columns];
        var min = new double[columns];
        var max = new double[columns];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        for (int i = 0; i < data.Length; i += columns)
            for (int c = 0; c < columns; c++)
            {
                float v = data[i + c];
                if (!float.IsFinite(v)) { bad[c]++; continue; }
                count[c]++;
                sum[c] += v;
                if (v < min[c]) min[c] = v;
                if (v > max[c]) max[c] = v;
            }
        var mean = new double[columns];
        for (int c = 0; c < columns; c++) mean[c] = count[c] > 0 ? sum[c] / count[c] : 0;
        var sq = new double[columns];
        for (int i = 0; i < data.Length; i += columns)
            for (int c = 0; c < columns; c++)
            {
                float v = data[i + c];
                if (!float.IsFinite(v)) continue;
                double d = v - mean[c];
                sq[c] += d * d;
            }
        var result = new ColumnStatistics[columns];
        for (int c = 0; c < columns; c++)
            result[c] = count[c] == 0
                ? new ColumnStatistics(0, 0, 0, 0, 0, bad[c])
                : new ColumnStatistics(mean[c], Math.Sqrt(sq[c] / count[c]), min[c], max[c], count[c], bad[c]);
        return result;
    }

    /// <summary>Statistics of a dataset's feature columns.</summary>
    public static ColumnStatistics[] Features(Dataset data) => Compute(data.Features, data.FeatureCount);

    /// <summary>Statistics of a regression dataset's target columns (empty for classification).</summary>
    public static ColumnStatistics[] Targets(Dataset data) =>
        data.Targets is null || data.TargetCount == 0 ? [] : Compute(data.Targets, data.TargetCount);
}
