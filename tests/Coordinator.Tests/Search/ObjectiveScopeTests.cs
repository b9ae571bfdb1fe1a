using Hpo.Sweeps.Search;

namespace Hpo.Coordinator.Tests.Search;

public class ObjectiveScopeTests
{
    private static float Max(float v) => v;
    private static float Min(float v) => -v;

    [Theory]
    [InlineData("last", ObjectiveScopeKind.Last, 1)]
    [InlineData("best", ObjectiveScopeKind.Best, 1)]
    [InlineData("last-5-avg", ObjectiveScopeKind.MeanOfLast, 5)]
    [InlineData("last-1-avg", ObjectiveScopeKind.Last, 1)]
    public void The_spec_names_are_those_of_Ray_Tune(string name, ObjectiveScopeKind kind, int window)
    {
        Assert.True(ObjectiveScope.TryParse(name, out var scope));
        Assert.Equal((kind, window), (scope.Kind, scope.Window));
    }

    [Theory]
    [InlineData("avg")]
    [InlineData("last-0-avg")]
    [InlineData("last--3-avg")]
    [InlineData("last-1001-avg")]
    [InlineData("last-5")]
    [InlineData("Best")]
    public void Other_names_are_refused(string name) => Assert.False(ObjectiveScope.TryParse(name, out _));

    [Fact]
    public void Last_is_the_objective_of_the_epoch_asked_for()
    {
        float[] curve = [0.5f, 0.9f, 0.7f];
        Assert.Equal(new ScopedObjective(0.7f, 3), ObjectiveScope.Last.At(curve, 3, Max));
        Assert.Equal(new ScopedObjective(0.9f, 2), ObjectiveScope.Last.At(curve, 2, Max));
    }

    [Fact]
    public void Best_is_the_first_of_the_best_epochs_by_the_objectives_direction_up_to_the_epoch_asked_for()
    {
        float[] curve = [0.5f, 0.9f, 0.7f, 0.9f, 0.2f];
        Assert.Equal(new ScopedObjective(0.9f, 2), ObjectiveScope.Best.At(curve, 5, Max));
        Assert.Equal(new ScopedObjective(0.2f, 5), ObjectiveScope.Best.At(curve, 5, Min));
        Assert.Equal(new ScopedObjective(0.5f, 1), ObjectiveScope.Best.At(curve, 1, Max));
        float[] gap = [float.NaN, 0.8f, 0.6f];
        Assert.Equal(new ScopedObjective(0.8f, 2), ObjectiveScope.Best.At(gap, 3, Max));
    }

    [Fact]
    public void A_mean_covers_the_last_K_epochs_or_as_many_as_there_are_and_describes_the_last_epochs_model()
    {
        float[] curve = [0.1f, 0.4f, 0.6f, 0.8f];
        var scope = ObjectiveScope.MeanOfLast(3);
        Assert.Equal(new ScopedObjective(0.6f, 4), scope.At(curve, 4, Max));
        Assert.Equal(new ScopedObjective(0.25f, 2), scope.At(curve, 2, Max));
    }

    [Fact]
    public void No_scope_gives_an_objective_to_a_trial_whose_last_epoch_is_not_a_number()
    {
        float[] curve = [0.9f, float.NaN];
        Assert.False(ObjectiveScope.Best.At(curve, 2, Max).IsFinite);
        Assert.False(ObjectiveScope.MeanOfLast(2).At(curve, 2, Max).IsFinite);
        Assert.False(ObjectiveScope.Last.At(curve, 2, Max).IsFinite);
    }
}
