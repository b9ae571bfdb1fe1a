using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Scheduling;

/// <summary>
/// Assigns new trials to asynchronous brackets in proportion to their weights, deterministically (smooth
/// weighted round-robin): the bracket furthest below its share gets the next trial, ties to the lowest index.
/// Equal weights give plain round-robin.
/// </summary>
public static class BracketChoice
{
    public static int Next(SweepState state)
    {
        var brackets = state.Plan.Brackets;
        int best = 0;
        for (int b = 1; b < brackets.Count; b++)
        {
            // (assigned_b + 1) / weight_b < (assigned_best + 1) / weight_best, in integers
            long lhs = (state.BracketTrials(b) + 1L) * brackets[best].Weight;
            long rhs = (state.BracketTrials(best) + 1L) * brackets[b].Weight;
            if (lhs < rhs)
                best = b;
        }
        return best;
    }
}
