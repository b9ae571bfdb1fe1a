using Hpo.Coordinator.Sweeps;

namespace Hpo.Coordinator.Tests.Sweeps;

public class BestModelTests
{
    [Fact]
    public void The_stored_model_is_the_winners_when_its_objective_describes_its_last_epoch()
    {
        Assert.Null(BestModel.NotStored(4, objectiveEpoch: 27, epochs: 27));
        Assert.Null(BestModel.NotStored(4, objectiveEpoch: 0, epochs: 0));
    }

    [Fact]
    public void Under_scope_best_a_best_epoch_before_the_last_is_not_stored_and_the_answer_says_what_to_do()
    {
        var why = BestModel.NotStored(4, objectiveEpoch: 14, epochs: 27);
        Assert.NotNull(why);
        Assert.Contains("best epoch (14)", why, StringComparison.Ordinal);
        Assert.Contains("last (27)", why, StringComparison.Ordinal);
        Assert.Contains("search.refit: true", why, StringComparison.Ordinal);
    }
}
