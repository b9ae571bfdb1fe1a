using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Engine.Tests.Data;

public class DataSplitterTests
{
    private static int[] Counts(Dataset d, int classes) =>
        Enumerable.Range(0, classes).Select(c => d.Labels!.Count(l => l == c)).ToArray();

    [Fact]
    public void Stratified_split_keeps_class_proportions_within_one_sample()
    {
        // Unbalanced classes: 500, 300, 150, 37, 13.
        int[] sizes = [500, 300, 150, 37, 13];
        var labels = sizes.SelectMany((n, c) => Enumerable.Repeat(c, n)).ToArray();
        int total = labels.Length;
        var x = Enumerable.Range(0, total).Select(i => (float)i).ToArray();
        var data = Dataset.Classification("u", x, total, 1, labels, Generators.NumberedClassNames(5));

        var split = DataSplitter.Split(data, validation: 0.2, test: 0.15, seed: 3);
        Assert.NotNull(split.Test);
        Assert.Equal(total, split.Train.Samples + split.Validation.Samples + split.Test!.Samples);
        foreach (var (part, fraction) in new[] { (split.Train, 0.65), (split.Validation, 0.2), (split.Test, 0.15) })
        {
            var counts = Counts(part, 5);
            for (int c = 0; c < 5; c++) Assert.InRange(counts[c], sizes[c] * fraction - 1, sizes[c] * fraction + 1);
            Assert.InRange(part.Samples, total * fraction - 1.5, total * fraction + 1.5);
        }
        // Every row lands in exactly one part (features are row ids).
        var all = split.Train.Features.Concat(split.Validation.Features).Concat(split.Test.Features).Order();
        Assert.Equal(x, all);
    }

    [Fact]
    public void Split_is_deterministic_for_a_seed()
    {
        var data = Generators.Blobs(300, 2, 3, 1.0, seed: 1);
        var a = DataSplitter.Split(data, 0.25, 0.1, seed: 7);
        var b = DataSplitter.Split(data, 0.25, 0.1, seed: 7);
        var c = DataSplitter.Split(data, 0.25, 0.1, seed: 8);
        Assert.Equal(a.Train.Features, b.Train.Features);
        Assert.Equal(a.Validation.Labels, b.Validation.Labels);
        Assert.Equal(a.Test!.Features, b.Test!.Features);
        Assert.NotEqual(a.Train.Features, c.Train.Features);
    }

    [Fact]
    public void Zero_fractions_give_an_empty_validation_and_no_test()
    {
        var data = BuiltinDatasets.Iris();
        var s = DataSplitter.Split(data, 0, 0, seed: 1);
        Assert.Equal(150, s.Train.Samples);
        Assert.Equal(0, s.Validation.Samples);
        Assert.Equal(3, s.Validation.ClassCount);
        Assert.Null(s.Test);
    }

    [Fact]
    public void Regression_split_has_the_requested_sizes()
    {
        var data = BuiltinDatasets.Diabetes();
        var s = DataSplitter.Split(data, 0.2, 0.1, seed: 2);
        Assert.Equal(442, s.Train.Samples + s.Validation.Samples + s.Test!.Samples);
        Assert.InRange(s.Validation.Samples, 88, 89);
        Assert.InRange(s.Test.Samples, 44, 45);
        Assert.Equal(TaskKind.Regression, s.Train.Task);
    }

    [Theory]
    [InlineData(-0.1, 0.0, "validation")]
    [InlineData(0.0, -0.5, "test")]
    [InlineData(0.6, 0.4, "below 1")]
    [InlineData(double.NaN, 0.0, "validation")]
    public void Bad_fractions_are_rejected_clearly(double validation, double test, string mention)
    {
        var e = Assert.Throws<DataException>(() => DataSplitter.Split(BuiltinDatasets.Iris(), validation, test, 1));
        Assert.Contains(mention, e.Message);
    }
}
