using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Specs;

public class TrainSpecValidatorTests
{
    private static readonly TrainSpec Spec = TrainSpecParser.Parse(
        "data:\n  dataset: iris\n  validation: 0.2\ntraining:\n  class_weights: [1, 1, 2]\n  batch_size: 256\n", "iris.yaml");

    [Fact]
    public void Batch_larger_than_the_training_split_names_batch_size_and_its_line()
    {
        var e = Assert.Throws<SpecException>(() => TrainSpecValidator.CheckAgainstData(Spec, 120));
        var error = Assert.Single(e.Errors);
        Assert.Equal(("training.batch_size", 6), (error.Path, error.Line));
        Assert.Equal("iris.yaml:6: training.batch_size: is 256 but the training split holds 120 samples; use at most 120, or full", e.Message);
    }

    [Fact]
    public void A_batch_that_fits_passes()
    {
        TrainSpecValidator.CheckAgainstData(Spec, 256, classCount: 3);
        Assert.Empty(TrainSpecValidator.FindDataErrors(Spec with { Training = Spec.Training with { BatchSize = 0 } }, 10));
    }

    [Fact]
    public void Class_weights_must_match_the_class_count()
    {
        var errors = TrainSpecValidator.FindDataErrors(Spec, 1000, classCount: 4);
        Assert.Equal(("training.class_weights", 5), (errors.Single().Path, errors.Single().Line));
    }

    [Fact]
    public void An_empty_training_split_points_at_validation() =>
        Assert.Equal(("data.validation", 3), TrainSpecValidator.FindDataErrors(Spec, 0).Select(e => (e.Path, e.Line)).Single());
}
