namespace Hpo.Worker.Training;

/// <summary>
/// Which idle trials keep their model in memory on this node: at most <see cref="Capacity"/>, the least recently
/// used dropping theirs first (a later rung restores the checkpoint). Thread-safe.
/// </summary>
public sealed class IdleModels<T> where T : notnull
{
    private readonly object _gate = new();
    private readonly LinkedList<T> _order = new();
    private readonly Dictionary<T, LinkedListNode<T>> _nodes = [];

    public IdleModels(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_gate) return _nodes.Count;
        }
    }

    /// <summary>Marks <paramref name="trial"/> as idle with a model; returns the trials that must now drop theirs.</summary>
    public IReadOnlyList<T> Keep(T trial)
    {
        lock (_gate)
        {
            if (_nodes.Remove(trial, out var node)) _order.Remove(node);
            _nodes[trial] = _order.AddFirst(trial);
            var evicted = new List<T>();
            while (_nodes.Count > Capacity)
            {
                var oldest = _order.Last!.Value;
                _order.RemoveLast();
                _nodes.Remove(oldest);
                evicted.Add(oldest);
            }
            return evicted;
        }
    }

    /// <summary>The trial is busy or gone: it no longer counts.</summary>
    public void Forget(T trial)
    {
        lock (_gate)
        {
            if (_nodes.Remove(trial, out var node)) _order.Remove(node);
        }
    }
}
