using Hpo.Sweeps.Sharing;

namespace Hpo.Sweeps.Control;

/// <summary>
/// The room a sweep has on each node (slots that train, queue places that wait for a slot) and how many of its
/// dispatches are there; which node a dispatch goes to.
/// </summary>
public sealed class NodeRoom
{
    private readonly SortedDictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _queue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _busy = new(StringComparer.Ordinal);

    /// <summary>The slots on each known node (a node with none stays known until it is lost).</summary>
    public IReadOnlyDictionary<string, int> Slots => _slots;

    /// <summary>Dispatches in flight on each node (training or in its queue).</summary>
    public IReadOnlyDictionary<string, int> InFlight => _busy;

    public int TotalSlots => _slots.Values.Sum();

    /// <summary>Slots training a dispatch (dispatches beyond a node's slots wait in its queue).</summary>
    public int BusySlots => _slots.Sum(kv => Math.Min(kv.Value, Busy(kv.Key)));

    public int Busy(string node) => _busy.GetValueOrDefault(node);

    public void Set(string node, int slots, int queue)
    {
        _slots[node] = Math.Max(0, slots);
        _queue[node] = Math.Max(0, queue);
    }

    /// <summary>The room of a share: on each listed node its allowance; on every other known node none.</summary>
    public void Share(IEnumerable<NodeAllowance> allowances)
    {
        foreach (var node in _slots.Keys.ToArray()) Set(node, 0, 0);
        foreach (var a in allowances) Set(a.Node, a.Slots, a.Queue);
    }

    /// <summary>Nothing more goes to a known node (it is leaving).</summary>
    public void Close(string node)
    {
        if (_slots.ContainsKey(node)) Set(node, 0, 0);
    }

    public void Remove(string node)
    {
        _slots.Remove(node);
        _queue.Remove(node);
    }

    public void Take(string node) => _busy[node] = Busy(node) + 1;

    public void Free(string node)
    {
        int busy = Busy(node) - 1;
        if (busy > 0) _busy[node] = busy;
        else _busy.Remove(node);
    }

    /// <summary>
    /// The node for a dispatch: an idle slot first (on <paramref name="preferred"/>, the node holding the trial's model,
    /// if that one has one, else on the node with most), then room in a node's queue (the same order), else none.
    /// </summary>
    public string? Choose(string? preferred) => Choose(preferred, IdleSlots) ?? Choose(preferred, QueueRoom);

    /// <summary>The known node with most slots, or null.</summary>
    public string? Largest() => _slots.Count == 0 ? null : _slots.MaxBy(kv => kv.Value).Key;

    private string? Choose(string? preferred, Func<string, int> room)
    {
        if (preferred is not null && room(preferred) > 0) return preferred;
        string? best = null;
        int bestRoom = 0;
        foreach (var node in _slots.Keys)
        {
            int free = room(node);
            if (free > bestRoom) (best, bestRoom) = (node, free);
        }
        return best;
    }

    private int IdleSlots(string node) => _slots.GetValueOrDefault(node) - Busy(node);

    private int QueueRoom(string node) => _slots.GetValueOrDefault(node) + _queue.GetValueOrDefault(node) - Busy(node);
}
