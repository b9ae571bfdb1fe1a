using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Control;

/// <summary>A trial's status as a person reads it, with why it stopped and where: "stopped (not promoted from rung 1, epoch 3)".</summary>
public static class StopReasonText
{
    public static string Describe(TrialStatus status, StopReason? reason, int rung, int epochs)
    {
        var name = JournalJson.Name(status);
        if (reason is not { } why) return name;
        return why switch
        {
            // Paused at a rung, waiting for a promotion that never came before the sweep ended.
            StopReason.SweepFinished => $"{name} (not promoted from rung {rung}, epoch {epochs})",
            StopReason.Rung => $"{name} (rung {rung}, epoch {epochs}: not in the top 1/eta)",
            _ => $"{name} ({JournalJson.Name(why)}, epoch {epochs})",
        };
    }
}
