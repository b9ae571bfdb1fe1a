using Hpo.Sweeps.Search.Plans;

namespace Hpo.Sweeps.Search.State;

/// <summary>
/// One instance of a synchronous successive-halving bracket. Rung 0 is closed once the bracket has all its
/// planned trials (or no more can be sampled); a later rung is closed once the rung below is done: every trial
/// in it finished its rung and its promotion quota is filled (or no paused trial is left to fill it).
/// Only a closed rung with nothing running promotes: that is the synchronous wait.
/// </summary>
public sealed class SyncBracket
{
    internal SyncBracket(int id, BracketPlan plan, Func<int, int> quota)
    {
        Id = id;
        Plan = plan;
        Rungs = plan.Milestones.Select(m => new RungTable(m, quota)).ToArray();
    }

    public int Id { get; }
    public BracketPlan Plan { get; }
    public IReadOnlyList<RungTable> Rungs { get; }

    /// <summary>Trials sampled into this bracket.</summary>
    public int Sampled { get; internal set; }

    private IReadOnlyList<int> Sizes => Plan.Sizes!;

    /// <summary>Whether the bracket still takes new trials.</summary>
    public bool WantsTrials(bool noMoreTrials) => !noMoreTrials && Sampled < Sizes[0];

    /// <summary>How many trials rung <paramref name="rung"/> sends on: the plan's n_(k+1), scaled down when fewer entered.</summary>
    public int PromotionQuota(int rung)
    {
        if (rung >= Plan.LastRung)
            return 0;
        int entered = Rungs[rung].Entered;
        if (entered >= Sizes[rung])
            return Sizes[rung + 1];
        return entered == 0 ? 0 : Math.Max(1, (int)((long)entered * Sizes[rung + 1] / Sizes[rung]));
    }

    public bool IsClosed(int rung, bool noMoreTrials) =>
        rung == 0 ? !WantsTrials(noMoreTrials) : IsDone(rung - 1, noMoreTrials);

    /// <summary>Closed, nothing running toward it, and its promotions made (or impossible).</summary>
    public bool IsDone(int rung, bool noMoreTrials)
    {
        var table = Rungs[rung];
        return IsClosed(rung, noMoreTrials) && table.Running == 0
            && (rung == Plan.LastRung || table.Promoted >= PromotionQuota(rung) || table.WaitingCount == 0);
    }

    /// <summary>Whether rung <paramref name="rung"/> has a trial to promote now.</summary>
    public bool CanPromoteFrom(int rung, bool noMoreTrials)
    {
        var table = Rungs[rung];
        return rung < Plan.LastRung && table.WaitingCount > 0 && table.Running == 0
            && table.Promoted < PromotionQuota(rung) && IsClosed(rung, noMoreTrials);
    }

    /// <summary>Some rung holds a paused trial and has promotions left to make, now or once it is complete.</summary>
    public bool HasPromotionsLeft
    {
        get
        {
            for (int rung = 0; rung < Plan.LastRung; rung++)
            {
                if (Rungs[rung].WaitingCount > 0 && Rungs[rung].Promoted < PromotionQuota(rung))
                    return true;
            }
            return false;
        }
    }
}
