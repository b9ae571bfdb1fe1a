using Hpo.Worker.Training;

namespace Hpo.Worker.Tests.Training;

public sealed class IdleModelsTests
{
    [Fact]
    public void The_least_recently_kept_models_are_dropped_beyond_the_capacity()
    {
        var models = new IdleModels<string>(2);
        Assert.Empty(models.Keep("a"));
        Assert.Empty(models.Keep("b"));
        Assert.Empty(models.Keep("a"));      // a is fresh again
        Assert.Equal(["b"], models.Keep("c"));
        models.Forget("a");                  // a trains now
        Assert.Empty(models.Keep("d"));
        Assert.Equal(["c"], models.Keep("e"));
        Assert.Equal(2, models.Count);
    }
}
