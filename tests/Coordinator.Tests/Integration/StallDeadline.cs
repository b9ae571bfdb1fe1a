namespace Hpo.Coordinator.Tests.Integration;

/// <summary>
/// A deadline that moves on while a sweep makes progress: a wait for training to end fails only when
/// nothing advanced (no epoch trained) for <c>stall</c>, so a slow machine that trains gets the time it
/// needs and a stuck cluster fails as soon as on a fast one.
/// </summary>
internal sealed class StallDeadline(TimeSpan stall)
{
    private DateTime _deadline = DateTime.UtcNow + stall;
    private double _progress = double.NegativeInfinity;

    /// <summary>Records the progress measure (epochs trained); any increase restarts the stall window.</summary>
    public void Observe(double progress)
    {
        if (progress <= _progress) return;
        _progress = progress;
        _deadline = DateTime.UtcNow + stall;
    }

    public bool Passed => DateTime.UtcNow >= _deadline;

    /// <summary>What the failure says: how long nothing moved, and where it stood.</summary>
    public string Describe(string what) => $"{what} (no progress for {stall.TotalSeconds:F0} s, stuck at {_progress})";
}
