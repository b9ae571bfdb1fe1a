using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>
/// Per-trial early stopping, usable with any scheduler: a trial whose score has not improved by more than
/// min_delta over its last improvement for <c>patience</c> epochs is stopped.
/// </summary>
public static class EarlyStoppingRule
{
    public static bool ShouldStop(TrialPatience? options, TrialState trial) =>
        options is not null && trial.PatienceEpoch > 0 && trial.Epochs - trial.PatienceEpoch >= options.Patience;
}
