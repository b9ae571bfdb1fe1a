using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Engine.Tests.Data;

public class RefitSplitTests
{
    /// <summary>Classification rows whose one feature is the row's id.</summary>
    private static Dataset Numbered(int samples, int classes)
    {
        var x = Enumerable.Range(0, samples).Select(i => (float)i).ToArray();
        var labels = Enumerable.Range(0, samples).Select(i => i % classes).ToArray();
        return Dataset.Classification("numbered", x, samples, 1, labels, Generators.NumberedClassNames(classes));
    }

    [Fact]
    public void The_refit_trains_on_the_training_and_validation_rows_and_keeps_the_same_test_rows()
    {
        var split = DataSplitter.Split(Numbered(301, 3), validation: 0.2, test: 0.15, seed: 4);

        var refit = RefitSplit.Of(split);

        Assert.Equal([.. split.Train.Features, .. split.Validation.Features], refit.Train.Features);
        Assert.Equal([.. split.Train.Labels!, .. split.Validation.Labels!], refit.Train.Labels!);
        Assert.Equal(0, refit.Validation.Samples);
        Assert.Equal(3, refit.Validation.ClassCount);
        Assert.Same(split.Test, refit.Test);
        // Not one test row among the rows it trains on.
        Assert.Empty(refit.Train.Features.Intersect(split.Test!.Features));
        Assert.Equal(301, refit.Train.Samples + refit.Test!.Samples);
    }

    [Fact]
    public void Regression_targets_and_sample_weights_follow_their_rows()
    {
        var data = BuiltinDatasets.Diabetes();
        var weighted = data.WithSampleWeights(Enumerable.Range(0, data.Samples).Select(i => (float)(i % 7)).ToArray());
        var split = DataSplitter.Split(weighted, validation: 0.2, test: 0.1, seed: 2);

        var refit = RefitSplit.Of(split);

        Assert.Equal(TaskKind.Regression, refit.Train.Task);
        Assert.Equal(split.Train.Samples + split.Validation.Samples, refit.Train.Samples);
        Assert.Equal([.. split.Train.Targets!, .. split.Validation.Targets!], refit.Train.Targets!);
        Assert.Equal([.. split.Train.SampleWeights!, .. split.Validation.SampleWeights!], refit.Train.SampleWeights!);
    }

    [Fact]
    public void Without_a_validation_part_the_training_part_is_kept_as_it_is()
    {
        var split = DataSplitter.Split(Numbered(60, 2), validation: 0, test: 0.2, seed: 1);
        var refit = RefitSplit.Of(split);
        Assert.Same(split.Train, refit.Train);
        Assert.Same(split.Test, refit.Test);
    }
}
