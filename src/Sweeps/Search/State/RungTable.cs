namespace Hpo.Sweeps.Search.State;

/// <summary>
/// One rung of one bracket: the results recorded at its milestone epoch, split into the top <c>quota(n)</c>
/// and the rest (both sorted, so a new result moves at most one entry across), and the paused trials in
/// the top that wait for a promotion. Counts of trials entering, running toward and promoted out of the rung
/// serve the synchronous schedulers.
/// </summary>
public sealed class RungTable
{
    private readonly Func<int, int> _quota;
    private readonly SortedSet<RankKey> _top = [];
    private readonly SortedSet<RankKey> _rest = [];
    private readonly SortedSet<RankKey> _waiting = [];

    /// <param name="milestone">The epoch at which trials of this rung record their result.</param>
    /// <param name="quota">How many of n recorded results count as the top (e.g. floor(n/eta)).</param>
    public RungTable(int milestone, Func<int, int> quota)
    {
        Milestone = milestone;
        _quota = quota;
    }

    public int Milestone { get; }

    /// <summary>Results recorded at the milestone so far (n).</summary>
    public int Recorded => _top.Count + _rest.Count;

    /// <summary>Trials dispatched toward this rung.</summary>
    public int Entered { get; internal set; }

    /// <summary>Trials still training toward this rung's milestone.</summary>
    public int Running { get; internal set; }

    /// <summary>Trials promoted out of this rung.</summary>
    public int Promoted { get; internal set; }

    /// <summary>Paused trials in the top that have not been promoted.</summary>
    public int WaitingCount => _waiting.Count;

    /// <summary>The best paused, unpromoted trial in the top, if any.</summary>
    public RankKey? BestWaiting => _waiting.Count > 0 ? _waiting.Min : null;

    public int TopCount => _top.Count;

    /// <summary>All recorded results, best first.</summary>
    public IEnumerable<RankKey> Results => _top.Concat(_rest);

    public bool IsInTop(RankKey key) => _top.Count > 0 && !_top.Max.IsBetterThan(key) && _top.Contains(key);

    /// <summary>Records a result; <paramref name="isWaiting"/> says whether a trial moved into the top is paused here.</summary>
    internal void Record(RankKey key, Func<int, bool> isWaiting)
    {
        if (_top.Count > 0 && key.IsBetterThan(_top.Max))
            _top.Add(key);
        else
            _rest.Add(key);

        int quota = Math.Clamp(_quota(Recorded), 0, Recorded);
        while (_top.Count > quota)
        {
            var worst = _top.Max;
            _top.Remove(worst);
            _waiting.Remove(worst);
            _rest.Add(worst);
        }
        while (_top.Count < quota)
        {
            var best = _rest.Min;
            _rest.Remove(best);
            _top.Add(best);
            if (isWaiting(best.Trial))
                _waiting.Add(best);
        }
    }

    /// <summary>A trial paused here: it waits for promotion if it is in the top (now or once it gets there).</summary>
    internal void Pause(RankKey key)
    {
        if (IsInTop(key))
            _waiting.Add(key);
    }

    /// <summary>A paused trial left the rung (promoted or stopped).</summary>
    internal void Leave(RankKey key) => _waiting.Remove(key);

    /// <summary>A rough size in bytes (sorted-set nodes of about 48 bytes).</summary>
    internal long HeapBytes => 3 * 64 + 48L * (_top.Count + _rest.Count + _waiting.Count);
}
