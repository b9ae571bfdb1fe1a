namespace Hpo.Sweeps.Sharing;

/// <summary>How many slots each sweep gets under a policy: a stateless rule over the claims, in the sweeps' order of arrival.</summary>
public static class ShareTargets
{
    public static IReadOnlyList<int> Of(SlotPolicy policy, IReadOnlyList<ShareClaim> claims, int slots) => policy switch
    {
        SlotPolicy.Fifo => FirstComeFirstServed(claims, slots),
        _ => WeightedMaxMin(claims, slots),
    };

    /// <summary>
    /// Weighted max-min fairness in whole slots: slot by slot to the claim with the fewest slots per weight that wants
    /// more (ties: the least served per weight, then the oldest), so no sweep gets more than it asks while another
    /// gets less than its weighted share, and an odd slot goes to whoever has had least of the cluster so far.
    /// </summary>
    public static IReadOnlyList<int> WeightedMaxMin(IReadOnlyList<ShareClaim> claims, int slots)
    {
        var given = new int[claims.Count];
        for (int slot = 0; slot < slots; slot++)
        {
            int pick = -1;
            for (int i = 0; i < claims.Count; i++)
            {
                if (given[i] >= claims[i].Demand) continue;
                if (pick < 0 || Before(i, pick)) pick = i;
            }
            if (pick < 0) break;
            given[pick]++;
        }
        return given;

        bool Before(int a, int b)
        {
            double wa = Weight(claims[a]), wb = Weight(claims[b]);
            int byShare = (given[a] / wa).CompareTo(given[b] / wb);
            if (byShare != 0) return byShare < 0;
            int byServed = (claims[a].Served / wa).CompareTo(claims[b].Served / wb);
            return byServed != 0 ? byServed < 0 : a < b;
        }
    }

    /// <summary>The oldest sweep takes what it asks, the next what is left, and so on.</summary>
    public static IReadOnlyList<int> FirstComeFirstServed(IReadOnlyList<ShareClaim> claims, int slots)
    {
        var given = new int[claims.Count];
        for (int i = 0; i < claims.Count && slots > 0; i++)
        {
            given[i] = Math.Min(Math.Max(0, claims[i].Demand), slots);
            slots -= given[i];
        }
        return given;
    }

    private static double Weight(ShareClaim claim) => claim.Weight > 0 && double.IsFinite(claim.Weight) ? claim.Weight : 1;
}
