using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;

namespace Hpo.Coordinator.Tests.Sweeps;

public class BestModelTests
{
    private static BestTrialTested Tested(int trial, int epoch, bool stored, string? error = null) =>
        new(trial, epoch, null, "the data has no test samples") { ModelStored = stored, ModelError = error };

    [Fact]
    public void The_stored_model_is_the_winners_checkpoint_when_its_objective_describes_its_last_epoch()
    {
        Assert.Equal(new ModelChoice(ModelSource.Trial, 27, null), BestModel.Of(4, objectiveEpoch: 27, epochs: 27, refit: false, finished: true, null));
        Assert.Equal(ModelSource.Trial, BestModel.Of(4, objectiveEpoch: 0, epochs: 0, refit: false, finished: false, null).Source);
        Assert.False(BestModel.StoredApart(27, 27));
        Assert.True(BestModel.StoredApart(14, 27));
    }

    [Fact]
    public void A_refit_model_is_the_sweeps_model_whatever_the_objective_epoch()
    {
        Assert.Equal(new ModelChoice(ModelSource.Refit, 0, null), BestModel.Of(4, objectiveEpoch: 14, epochs: 27, refit: true, finished: true, null));
    }

    [Fact]
    public void Under_scope_best_a_best_epoch_before_the_last_is_read_from_the_model_stored_at_that_epoch()
    {
        var choice = BestModel.Of(4, objectiveEpoch: 14, epochs: 27, refit: false, finished: true, Tested(4, 14, stored: true));
        Assert.Equal(new ModelChoice(ModelSource.ObjectiveEpoch, 14, null), choice);
    }

    [Fact]
    public void A_model_stored_for_another_trial_or_epoch_is_not_the_winners()
    {
        Assert.NotNull(BestModel.Of(4, 14, 27, refit: false, finished: true, Tested(5, 14, stored: true)).NotStored);
        Assert.NotNull(BestModel.Of(4, 14, 27, refit: false, finished: true, Tested(4, 13, stored: true)).NotStored);
    }

    [Fact]
    public void Before_the_sweep_ends_and_while_it_stores_the_answer_says_when_the_model_comes()
    {
        Assert.Contains("is stored when the sweep ends", BestModel.Of(4, 14, 27, refit: false, finished: false, null).NotStored, StringComparison.Ordinal);
        Assert.Contains("is being stored", BestModel.Of(4, 14, 27, refit: false, finished: true, null).NotStored, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_could_not_be_stored_is_refused_with_the_cause_and_what_to_do()
    {
        var why = BestModel.Of(4, objectiveEpoch: 14, epochs: 27, refit: false, finished: true, Tested(4, 14, stored: false, error: "disk full")).NotStored;
        Assert.NotNull(why);
        Assert.Contains("best epoch (14)", why, StringComparison.Ordinal);
        Assert.Contains("last (27)", why, StringComparison.Ordinal);
        Assert.Contains("(disk full)", why, StringComparison.Ordinal);
        Assert.Contains("search.refit: true", why, StringComparison.Ordinal);
    }
}
