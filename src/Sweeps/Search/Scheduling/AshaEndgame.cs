using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>
/// What asynchronous halving does once no new trial can start (the trial budget or the sampler is spent): without new
/// results the rungs stop growing, floor(n/eta) stops admitting anyone, and the best trials would wait at a middle
/// rung until the sweep ends. So, in a bracket where nothing is training any more and the top rung holds no result,
/// the best paused trial of the highest rung that has one is promoted, as synchronous halving would: up to the top
/// floor(n/eta) of each rung, and at least one. The best configurations reach the maximum epochs. One such promotion
/// at a time per bracket, so the result it brings decides the next.
/// </summary>
public static class AshaEndgame
{
    /// <summary>The promotion the endgame makes now, if any.</summary>
    public static SlotDecision? Next(SweepState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var brackets = state.Plan.Brackets;
        for (int b = 0; b < brackets.Count; b++)
        {
            var plan = brackets[b];
            if (state.AsyncRung(b, plan.LastRung).Recorded > 0 || Training(state, b)) continue;
            for (int rung = plan.LastRung - 1; rung >= 0; rung--)
            {
                var table = state.AsyncRung(b, rung);
                if (table.Promoted >= Math.Max(1, state.Plan.Quota(table.Recorded))) continue;
                foreach (var key in table.Results)
                {
                    var trial = state.Trial(key.Trial);
                    if (trial.Status == TrialStatus.Paused && trial.Rung == rung)
                        return SlotDecision.Promote(trial.Id, plan.Milestones[rung + 1]);
                }
            }
        }
        return null;
    }

    private static bool Training(SweepState state, int bracket)
    {
        foreach (var trial in state.Trials)
        {
            if (trial.Status == TrialStatus.Running && (trial.Bracket ?? 0) == bracket) return true;
        }
        return false;
    }
}
