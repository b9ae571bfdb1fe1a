namespace Hpo.Engine.Kernels;

// TEMPORARY plain versions until the kernels branch lands its vectorised ones (same API).
public static class ElementWise
{
    public static void AddRowVector(Span<float> matrix, ReadOnlySpan<float> row, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            var dst = matrix.Slice(r * cols, cols);
            for (int c = 0; c < cols; c++) dst[c] += row[c];
        }
    }

    public static void SumColumns(ReadOnlySpan<float> matrix, Span<float> sums, int rows, int cols, bool accumulate = false)
    {
        if (!accumulate) sums[..cols].Clear();
        for (int r = 0; r < rows; r++)
        {
            var src = matrix.Slice(r * cols, cols);
            for (int c = 0; c < cols; c++) sums[c] += src[c];
        }
    }

    public static double SumOfSquares(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (var v in x) s += (double)v * v;
        return s;
    }
}
