
namespace Hpo.Sweeps.Sharing;

/// <summary>
/// The one place that shares the cluster's training slots between the sweeps that run at once, as a plain class
/// the sweep registry asks. It knows every node's slots and queue (their announcements) and every sweep's
/// dispatches in flight on each node, whether it wants more, its weight and its cap (the sweeps' usage reports),
/// and answers with the <see cref="SlotShare"/>s that changed.
/// <para>
/// Shares: each sweep's number of slots comes from <see cref="ShareTargets"/> under the policy (a sweep that
/// wants no more is counted for what it holds, so what it leaves goes to the others); they are placed on the
/// nodes where the sweep's dispatches already are, then spread; each node's queue goes to the sweeps with slots
/// there, in proportion.
/// </para>
/// <para>
/// Never more than a node holds: a sweep may hold on a node at most the larger of what it reported in flight
/// and its allowances not yet acknowledged (a smaller allowance binds once the sweep has applied it), and the
/// dispatches of a sweep that ended count until the node's announcements no longer list them. New allowances
/// are cut so that these bounds, summed over the sweeps, never exceed the node's slots plus queue: a sweep
/// whose share grew gets the room as the others' dispatches land.
/// </para>
/// </summary>
public sealed class SlotLedger(SlotPolicy policy = SlotPolicy.Fair)
{
    private readonly SortedDictionary<string, NodeRoom> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Account> _sweeps = new(StringComparer.Ordinal);
    private long _version;
    private long _joined;

    public SlotPolicy Policy { get; } = policy;

    private readonly record struct NodeRoom(int Slots, int Queue)
    {
        public int Total => Slots + Queue;
    }

    private sealed class Account(string id, long order)
    {
        public string Id { get; } = id;
        public long Order { get; } = order;
        public double Weight { get; set; } = 1;
        public int? Cap { get; set; }
        public bool Wants { get; set; }
        public bool Ended { get; set; }
        public Dictionary<string, int> InFlight { get; set; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Acknowledged { get; set; } = new(StringComparer.Ordinal);
        public List<(long Version, Dictionary<string, int> Totals)> Unacknowledged { get; } = [];
        public IReadOnlyList<NodeAllowance>? LastSent { get; set; }
        public double Served { get; set; }
        public DateTimeOffset? UsageAt { get; set; }

        public int TotalInFlight => InFlight.Values.Sum();

        /// <summary>The most this sweep may hold on the node, as far as the ledger can know.</summary>
        public int Bound(string node)
        {
            int bound = InFlight.GetValueOrDefault(node);
            if (Ended) return bound;
            bound = Math.Max(bound, Acknowledged.GetValueOrDefault(node));
            foreach (var (_, totals) in Unacknowledged) bound = Math.Max(bound, totals.GetValueOrDefault(node));
            return bound;
        }
    }

    /// <summary>The sweeps that hold or may hold slots (ended ones whose dispatches nodes still list included).</summary>
    public int Accounts => _sweeps.Count;

    /// <summary>A sweep started (or started again after its actor stopped): it is sent a share at the next rebalance.</summary>
    public void Join(string sweepId)
    {
        if (_sweeps.TryGetValue(sweepId, out var account))
        {
            account.Ended = false;
            account.Wants = false;
            account.Acknowledged.Clear();
            account.Unacknowledged.Clear();
            account.LastSent = null;
            return;
        }
        _sweeps[sweepId] = new Account(sweepId, _joined++);
    }

    /// <summary>
    /// A node announced its slots and queue, and the dispatches it holds (null: not listed): the dispatches of ended
    /// sweeps it no longer lists are gone.
    /// </summary>
    public void OnNodeCapacity(string node, int slots, int queue, IReadOnlyCollection<HeldRung>? held = null)
    {
        if (slots <= 0)
        {
            OnNodeLost(node);
            return;
        }
        _nodes[node] = new NodeRoom(slots, Math.Max(0, queue));
        if (held is null) return;
        foreach (var account in _sweeps.Values.Where(a => a.Ended).ToArray())
        {
            int listed = held.Count(h => h.SweepId == account.Id);
            if (listed < account.InFlight.GetValueOrDefault(node)) Set(account.InFlight, node, listed);
            Forget(account);
        }
    }

    /// <summary>A node left: nothing of it is shared, and nothing any sweep had on it counts.</summary>
    public void OnNodeLost(string node)
    {
        _nodes.Remove(node);
        foreach (var account in _sweeps.Values.ToArray())
        {
            account.InFlight.Remove(node);
            Forget(account);
        }
    }

    /// <summary>A sweep's usage report: what it holds, whether it wants more, and which share it has applied.</summary>
    public void OnUsage(SweepUsage usage, DateTimeOffset now)
    {
        if (!_sweeps.TryGetValue(usage.SweepId, out var account)) return;
        if (account.UsageAt is { } before && now > before) account.Served += account.TotalInFlight * (now - before).TotalSeconds;
        account.UsageAt = now;
        account.InFlight = usage.InFlight.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        if (account.Ended)
        {
            Forget(account);
            return;
        }
        account.Wants = usage.Wants;
        account.Weight = usage.Weight > 0 && double.IsFinite(usage.Weight) ? usage.Weight : 1;
        account.Cap = usage.MaxConcurrent;
        var acknowledged = account.Unacknowledged.FindLast(u => u.Version == usage.Version);
        if (acknowledged.Totals is not null) account.Acknowledged = acknowledged.Totals;
        account.Unacknowledged.RemoveAll(u => u.Version <= usage.Version);
    }

    /// <summary>A sweep finished, was cancelled or stopped: it gets no more, and what it still holds counts until nodes drop it.</summary>
    public void OnEnded(string sweepId)
    {
        if (!_sweeps.TryGetValue(sweepId, out var account)) return;
        account.Ended = true;
        account.Wants = false;
        account.Unacknowledged.Clear();
        account.Acknowledged.Clear();
        Forget(account);
    }

    private void Forget(Account account)
    {
        if (account.Ended && account.TotalInFlight == 0) _sweeps.Remove(account.Id);
    }

    /// <summary>Shares every running sweep's slots anew: the shares that differ from what each sweep was sent last.</summary>
    public IReadOnlyList<SlotShare> Rebalance()
    {
        var live = _sweeps.Values.Where(a => !a.Ended).OrderBy(a => a.Order).ToList();
        if (live.Count == 0) return [];
        int capacity = _nodes.Values.Sum(n => n.Slots);
        var claims = live.Select(a => new ShareClaim(
            a.Wants ? Math.Min(a.Cap ?? capacity, capacity) : Math.Min(a.TotalInFlight, capacity),
            a.Weight, a.Served)).ToList();
        var targets = ShareTargets.Of(Policy, claims, capacity);
        var slots = Place(live, targets);
        var allowances = live.ToDictionary(a => a.Id, _ => new Dictionary<string, NodeAllowance>(StringComparer.Ordinal));
        foreach (var (node, room) in _nodes)
        {
            var queue = SplitQueue(live, slots, node, room.Queue);
            int bounds = _sweeps.Values.Sum(a => a.Bound(node));
            // Those not growing first, so the room a shrinking share leaves is counted once it is acknowledged.
            foreach (var (account, i) in live.Select((a, i) => (a, i))
                .OrderBy(x => slots[x.i].GetValueOrDefault(node) + queue[x.i] > x.a.Bound(node) ? 1 : 0).ThenBy(x => x.a.Order))
            {
                int want = slots[i].GetValueOrDefault(node), wantQueue = queue[i];
                int before = account.Bound(node);
                int left = room.Total - (bounds - before);
                int total = Math.Min(want + wantQueue, Math.Max(0, left));
                bounds += Math.Max(before, total) - before;
                int s = Math.Min(want, total);
                allowances[account.Id][node] = new NodeAllowance(node, s, total - s);
            }
        }
        var shares = new List<SlotShare>();
        foreach (var account in live)
        {
            var list = allowances[account.Id].Values.ToList();
            if (account.LastSent is { } last && last.SequenceEqual(list)) continue;
            long version = ++_version;
            account.LastSent = list;
            account.Unacknowledged.Add((version, list.ToDictionary(n => n.Node, n => n.Total, StringComparer.Ordinal)));
            shares.Add(new SlotShare(account.Id, version, list));
        }
        return shares;
    }

    /// <summary>Each sweep's slots on each node: first where its dispatches are, then on the nodes with most slots left.</summary>
    private List<Dictionary<string, int>> Place(List<Account> live, IReadOnlyList<int> targets)
    {
        var free = _nodes.ToDictionary(kv => kv.Key, kv => kv.Value.Slots, StringComparer.Ordinal);
        var placed = live.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToList();
        var counts = new int[live.Count];
        for (int i = 0; i < live.Count; i++)
        {
            // Where its dispatches are, a slot per node in turn, so a sweep's share stays spread over the nodes.
            var left = new Dictionary<string, int>(live[i].InFlight, StringComparer.Ordinal);
            for (bool placedOne = true; placedOne && counts[i] < targets[i];)
            {
                placedOne = false;
                foreach (var node in left.Keys.Order(StringComparer.Ordinal).ToArray())
                {
                    if (counts[i] >= targets[i]) break;
                    if (left[node] <= 0 || free.GetValueOrDefault(node) <= 0) continue;
                    Set(placed[i], node, placed[i].GetValueOrDefault(node) + 1);
                    free[node]--;
                    left[node]--;
                    counts[i]++;
                    placedOne = true;
                }
            }
        }
        for (int i = 0; i < live.Count; i++)
        {
            while (counts[i] < targets[i])
            {
                var node = free.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => kv.Key).FirstOrDefault();
                if (node is null) break;
                Set(placed[i], node, placed[i].GetValueOrDefault(node) + 1);
                free[node]--;
                counts[i]++;
            }
        }
        return placed;
    }

    /// <summary>A node's queue, split between the sweeps with slots there in proportion to their slots (largest remainders first).</summary>
    private static int[] SplitQueue(List<Account> live, List<Dictionary<string, int>> slots, string node, int queue)
    {
        var split = new int[live.Count];
        int held = slots.Sum(s => s.GetValueOrDefault(node));
        if (held == 0 || queue == 0) return split;
        var remainders = new double[live.Count];
        int given = 0;
        for (int i = 0; i < live.Count; i++)
        {
            double exact = (double)queue * slots[i].GetValueOrDefault(node) / held;
            split[i] = (int)Math.Floor(exact);
            remainders[i] = exact - split[i];
            given += split[i];
        }
        foreach (int i in Enumerable.Range(0, live.Count).OrderByDescending(i => remainders[i]).ThenBy(i => live[i].Order))
        {
            if (given >= queue) break;
            if (slots[i].GetValueOrDefault(node) == 0) continue;
            split[i]++;
            given++;
        }
        return split;
    }

    private static void Set(Dictionary<string, int> counts, string node, int value)
    {
        if (value > 0) counts[node] = value;
        else counts.Remove(node);
    }
}
