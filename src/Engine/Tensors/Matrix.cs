namespace Hpo.Engine.Tensors;

/// <summary>
/// A row-major float matrix whose row count may shrink below its capacity, so one buffer serves
/// every batch of an epoch (including a short last batch) without reallocation.
/// </summary>
public sealed class Matrix
{
    public Matrix(int capacityRows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityRows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        Data = new float[capacityRows * cols];
        CapacityRows = capacityRows;
        Rows = capacityRows;
        Cols = cols;
    }

    public Matrix(int rows, int cols, float[] data)
    {
        if (data.Length < rows * cols) throw new ArgumentException("data is shorter than rows * cols", nameof(data));
        Data = data;
        CapacityRows = data.Length / Math.Max(cols, 1);
        Rows = rows;
        Cols = cols;
    }

    public float[] Data { get; }
    public int CapacityRows { get; }
    public int Rows { get; private set; }
    public int Cols { get; }
    public int Length => Rows * Cols;

    public Span<float> Span => Data.AsSpan(0, Rows * Cols);
    public Span<float> Row(int r) => Data.AsSpan(r * Cols, Cols);

    public float this[int r, int c]
    {
        get => Data[r * Cols + c];
        set => Data[r * Cols + c] = value;
    }

    /// <summary>Sets the number of rows in use; never allocates.</summary>
    public void SetRows(int rows)
    {
        if ((uint)rows > (uint)CapacityRows) throw new ArgumentOutOfRangeException(nameof(rows), $"{rows} rows exceed the capacity of {CapacityRows}");
        Rows = rows;
    }

    public void Clear() => Span.Clear();

    public Matrix Clone()
    {
        var m = new Matrix(CapacityRows, Cols);
        Data.AsSpan().CopyTo(m.Data);
        m.Rows = Rows;
        return m;
    }
}
