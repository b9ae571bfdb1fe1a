using Hpo.Engine.Kernels;

namespace Hpo.Engine.Tests.Kernels;

public class ElementWiseTests
{
    public static TheoryData<int> Lengths() => new(1, 7, 15, 16, 17, 33, 64, 65, 1023);

    /// <summary>rows x cols pairs around the 16- and 64-column blocks of the column sum.</summary>
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (int rows in new[] { 1, 3, 17 })
            foreach (int cols in new[] { 1, 7, 15, 16, 17, 33, 64, 79, 1023 })
            {
                data.Add(rows, cols);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AddRowVector_adds_the_row_to_every_row(int rows, int cols)
    {
        var rng = new Random(rows * 1000 + cols);
        float[] m = Random(rng, rows * cols), row = Random(rng, cols), expected = (float[])m.Clone();
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++)
                expected[r * cols + j] += row[j];

        ElementWise.AddRowVector(m, rows, cols, row);

        Assert.Equal(expected, m);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SumColumns_matches_a_naive_loop(int rows, int cols)
    {
        var rng = new Random(rows * 1000 + cols);
        float[] m = Random(rng, rows * cols), start = Random(rng, cols);
        foreach (bool accumulate in new[] { false, true })
        {
            var expected = new double[cols];
            for (int j = 0; j < cols; j++)
            {
                expected[j] = accumulate ? start[j] : 0;
                for (int r = 0; r < rows; r++) expected[j] += m[r * cols + j];
            }

            float[] viaPublic = (float[])start.Clone(), via512 = (float[])start.Clone(), viaPortable = (float[])start.Clone();
            ElementWise.SumColumns(m, rows, cols, viaPublic, accumulate);
            ElementWise.SumColumnsVector512(m, rows, cols, cols, via512, accumulate);
            ElementWise.SumColumnsPortable(m, rows, cols, cols, viaPortable, accumulate);

            for (int j = 0; j < cols; j++)
            {
                Assert.Equal(expected[j], viaPublic[j], 1e-5);
                Assert.Equal(expected[j], via512[j], 1e-5);
                Assert.Equal(expected[j], viaPortable[j], 1e-5);
            }
        }
    }

    [Fact]
    public void SumColumns_leaves_sums_past_cols_alone()
    {
        float[] m = [1, 2, 3, 4, 5, 6];
        float[] sums = [9, 9, 9, 9];
        ElementWise.SumColumns(m, 2, 3, sums);
        Assert.Equal(new float[] { 5, 7, 9, 9 }, sums);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Hadamard_products_match_a_naive_loop(int length)
    {
        var rng = new Random(length);
        float[] x = Random(rng, length), y = Random(rng, length), expected = new float[length], destination = new float[length];
        for (int i = 0; i < length; i++) expected[i] = x[i] * y[i];

        ElementWise.Multiply(x, y, destination);
        ElementWise.MultiplyInPlace(x, y);

        Assert.Equal(expected, destination);
        Assert.Equal(expected, x);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Axpy_and_Scale_match_a_naive_loop(int length)
    {
        var rng = new Random(length);
        float[] x = Random(rng, length), y = Random(rng, length);
        float[] axpy = (float[])y.Clone(), scaled = (float[])x.Clone();
        var expectedAxpy = new float[length];
        var expectedScale = new float[length];
        for (int i = 0; i < length; i++)
        {
            expectedAxpy[i] = y[i] + -0.37f * x[i];
            expectedScale[i] = x[i] * 1.7f;
        }

        ElementWise.Axpy(-0.37f, x, axpy);
        ElementWise.Scale(scaled, 1.7f);

        for (int i = 0; i < length; i++) Assert.Equal(expectedAxpy[i], axpy[i], 1e-6f);
        Assert.Equal(expectedScale, scaled);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Dot_and_SumOfSquares_match_a_naive_loop(int length)
    {
        var rng = new Random(length);
        float[] x = Random(rng, length), y = Random(rng, length);
        double dot = 0, squares = 0;
        for (int i = 0; i < length; i++)
        {
            dot += (double)x[i] * y[i];
            squares += (double)x[i] * x[i];
        }

        Assert.Equal(dot, ElementWise.Dot(x, y), 1e-4);
        Assert.Equal(squares, ElementWise.SumOfSquares(x), 1e-9);
        foreach (SimdLevel level in Enum.GetValues<SimdLevel>())
        {
            Assert.Equal(squares, ElementWise.SumOfSquares(x, level), 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Clamp_matches_a_naive_loop(int length)
    {
        var rng = new Random(length);
        float[] x = Random(rng, length), expected = new float[length];
        for (int i = 0; i < length; i++) expected[i] = Math.Clamp(x[i], -0.5f, 0.25f);

        ElementWise.Clamp(x, -0.5f, 0.25f);

        Assert.Equal(expected, x);
    }

    [Fact]
    public void Clamp_keeps_NaN_and_rejects_an_empty_range()
    {
        float[] x = [float.NaN, 3, -3];
        ElementWise.Clamp(x, -1, 1);
        Assert.True(float.IsNaN(x[0]));
        Assert.Equal(new float[] { 1, -1 }, x[1..]);
        Assert.Throws<ArgumentException>(() => ElementWise.Clamp(x, 1, -1));
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ElementWise.Axpy(1, new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => ElementWise.Dot(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => ElementWise.MultiplyInPlace(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => ElementWise.AddRowVector(new float[6], 2, 3, new float[2]));
        Assert.Throws<ArgumentException>(() => ElementWise.SumColumns(new float[5], 2, 3, new float[3]));
    }

    private static float[] Random(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }
}
