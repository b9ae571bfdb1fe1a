using Hpo.Cli;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Cli;

/// <summary>Which ended sweeps answered their question, and the one line and exit code of those that did not.</summary>
public sealed class SweepVerdictTests
{
    private static readonly LeaderboardEntry Best = new(0, 0.9, 9, TrialStatus.Completed, TrialConfig.Empty);

    private static SweepStatus Status(SweepRunState state, Dictionary<TrialStatus, int> byStatus, LeaderboardEntry? best = null,
        FinishReason? reason = null, string? error = null) => new()
        {
            Id = "s",
            State = state,
            Metric = "val_accuracy",
            Trials = byStatus.Values.Sum(),
            ByStatus = byStatus,
            Best = best,
            FinishReason = reason,
            Error = error,
        };

    [Fact]
    public void A_sweep_with_a_completed_or_stopped_trial_and_a_best_answered()
    {
        Assert.Null(SweepVerdict.Of(Status(SweepRunState.Finished, new() { [TrialStatus.Completed] = 1, [TrialStatus.Failed] = 3 }, Best)));
        Assert.Null(SweepVerdict.Of(Status(SweepRunState.Finished, new() { [TrialStatus.Stopped] = 2 }, Best, FinishReason.TimeBudget)));
    }

    [Fact]
    public void Trials_that_failed_after_training_as_far_as_the_best_one_leave_the_sweep_without_an_answer()
    {
        // ASHA promoted trials 3 and 7 beyond the survivors, then their checkpoints could not be written: the best of
        // what is left is not the sweep's answer.
        var status = Status(SweepRunState.Finished, new() { [TrialStatus.Stopped] = 7, [TrialStatus.Failed] = 2 },
            Best with { Budget = 3 }) with
        { FailedBeyondBest = [3, 7] };
        var failure = SweepVerdict.Of(status, "trial 3: checkpoints: permission denied");
        Assert.NotNull(failure);
        Assert.Equal(3, failure.ExitCode);
        Assert.Contains("trials 3, 7 failed after training as far or further", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("the first failure: trial 3: checkpoints: permission denied", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_trial_failed_is_the_users_error_naming_the_first()
    {
        var failure = SweepVerdict.Of(Status(SweepRunState.Finished, new() { [TrialStatus.Failed] = 4 }), "trial 0: no column 'y'");
        Assert.Equal(new SweepFailure("every trial of sweep s failed; the first: trial 0: no column 'y'", 2), failure);
    }

    [Fact]
    public void A_sweep_whose_trials_all_diverged_or_failed_in_part_gave_no_answer()
    {
        var failure = SweepVerdict.Of(Status(SweepRunState.Finished, new() { [TrialStatus.Diverged] = 2, [TrialStatus.Failed] = 1 }), "trial 2: disk full");
        Assert.Equal(new SweepFailure("no trial of sweep s completed (3 trials: 1 failed, 2 diverged); the first failure: trial 2: disk full", 3), failure);
    }

    [Fact]
    public void A_broken_or_cancelled_sweep_gave_no_answer_even_with_results()
    {
        var done = new Dictionary<TrialStatus, int> { [TrialStatus.Completed] = 2 };
        Assert.Equal(new SweepFailure("sweep s stopped: checkpoints: cannot write x: permission denied", 3),
            SweepVerdict.Of(Status(SweepRunState.Broken, done, Best, error: "checkpoints: cannot write x: permission denied")));
        Assert.Equal(3, SweepVerdict.Of(Status(SweepRunState.Cancelled, done, Best, FinishReason.Cancelled))!.ExitCode);
        Assert.Equal(3, SweepVerdict.Of(Status(SweepRunState.Finished, done, Best, FinishReason.Cancelled))!.ExitCode);
    }

    [Fact]
    public void A_sweep_stopped_by_a_failing_checkpoint_store_gave_no_answer_and_says_the_cause()
    {
        var status = Status(SweepRunState.Finished, new() { [TrialStatus.Completed] = 2, [TrialStatus.Stopped] = 1, [TrialStatus.Failed] = 1 }, Best,
            FinishReason.StorageFailed, "trial 3 on a: the checkpoint store cannot keep trial s/3's checkpoint at epoch 3: IOException: Read-only file system");

        Assert.Equal(new SweepFailure("sweep s stopped because the checkpoint store failed (trial 3 on a: the checkpoint store cannot keep " +
            "trial s/3's checkpoint at epoch 3: IOException: Read-only file system); its trials so far are kept (hpo trials s)", 3), SweepVerdict.Of(status));
    }

    [Fact]
    public void A_sweep_that_ran_no_trial_gave_no_answer()
    {
        Assert.Equal(new SweepFailure("sweep s ended without running a trial", 3), SweepVerdict.Of(Status(SweepRunState.Finished, [])));
    }
}
