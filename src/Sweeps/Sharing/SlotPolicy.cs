namespace Hpo.Sweeps.Sharing;

/// <summary>How the training slots of the cluster are shared between the sweeps that run at once (<c>Hpo:Coordinator:SlotPolicy</c>).</summary>
public enum SlotPolicy
{
    /// <summary>Weighted max-min fair: every sweep that wants slots gets its share in proportion to its <c>search.priority</c>.</summary>
    Fair,

    /// <summary>First come, first served: the oldest sweep takes what it wants, the next the rest, and so on.</summary>
    Fifo,
}
