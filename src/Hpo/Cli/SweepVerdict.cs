using Hpo.Node.CommandLine;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search.State;

namespace Hpo.Cli;

/// <summary>Why an ended sweep gave no answer, and the exit code that says so.</summary>
public sealed record SweepFailure(string Message, int ExitCode);

/// <summary>
/// Whether an ended sweep answered its question, for <c>hpo run</c> and <c>hpo submit --wait</c>: a sweep answers
/// when at least one trial finished its training (completed, or stopped by the scheduler after reporting), a best
/// trial exists, and no trial that had trained as far as the best one failed (it might have won: a checkpoint store
/// that fails mid-run fails exactly the trials promoted furthest). Otherwise the command prints one line and exits non-zero, however much the sweep printed before.
/// </summary>
public static class SweepVerdict
{
    /// <summary>The exit code of a sweep that ended without an answer for a reason other than the user's data or spec.</summary>
    public const int NoAnswerExitCode = 3;

    /// <summary>
    /// Null when <paramref name="status"/> answered; otherwise the one line and exit code. Every trial failed is
    /// the user's error (exit 2: bad data or a plan no worker can train); <paramref name="firstError"/> names one.
    /// </summary>
    public static SweepFailure? Of(SweepStatus status, string? firstError = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        var id = status.Id;
        if (status.State == SweepRunState.Broken)
            return new($"sweep {id} stopped: {status.Error ?? "no reason recorded"}", NoAnswerExitCode);
        if (status.FinishReason == FinishReason.StorageFailed)
            return new($"sweep {id} stopped because the checkpoint store failed ({status.Error ?? "no cause recorded"}); " +
                       $"its trials so far are kept (hpo trials {id})", NoAnswerExitCode);
        if (status.State == SweepRunState.Cancelled || status.FinishReason == FinishReason.Cancelled)
            return new($"sweep {id} was cancelled; its trials so far are kept (hpo trials {id})", NoAnswerExitCode);
        int Count(TrialStatus s) => status.ByStatus.GetValueOrDefault(s);
        int finished = Count(TrialStatus.Completed) + Count(TrialStatus.Stopped);
        if (finished > 0 && status.Best is { } best)
        {
            if (status.FailedBeyondBest.Count == 0) return null;
            var lost = status.FailedBeyondBest;
            return new($"the best trial of sweep {id} ({best.Trial}, {best.Budget} epochs) may not be the best: " +
                       $"trial{(lost.Count == 1 ? "" : "s")} {string.Join(", ", lost)} failed after training as far or further" +
                       (firstError is null ? "" : $"; the first failure: {firstError}"), NoAnswerExitCode);
        }
        int failed = Count(TrialStatus.Failed), diverged = Count(TrialStatus.Diverged);
        if (status.Trials == 0)
            return new($"sweep {id} ended without running a trial", NoAnswerExitCode);
        if (failed == status.Trials)
            return new($"every trial of sweep {id} failed; the first: {firstError ?? "no error recorded"}", UserErrors.ExitCode);
        return new($"no trial of sweep {id} completed ({status.Trials} trials: {failed} failed, {diverged} diverged)" +
                   (firstError is null ? "" : $"; the first failure: {firstError}"), NoAnswerExitCode);
    }
}
