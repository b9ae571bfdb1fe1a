using Hpo.Engine.Data;
using Hpo.Worker.Datasets;

namespace Hpo.Worker.Training;

/// <summary>
/// The node's datasets: each <see cref="DataOptions"/> is loaded and split once per node, however many trials
/// ask for it at once, and shared (sessions only read a split). Holds at most <see cref="Capacity"/> splits,
/// dropping the least recently used; a load that failed is not kept, so a fixed file is read again.
/// </summary>
public sealed class DatasetCache
{
    private readonly Func<DataOptions, DataSplit> _load;
    private readonly object _gate = new();
    private readonly Dictionary<DataOptions, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private int _loads;

    private sealed record Entry(DataOptions Options, Lazy<DataSplit> Split);

    /// <param name="baseDirectory">Where relative CSV paths are resolved (the worker's data directory).</param>
    public DatasetCache(string? baseDirectory, int capacity = 8)
        : this(options => DataLoader.LoadSplit(options, baseDirectory), capacity)
    {
    }

    /// <param name="baseDirectory">Where relative CSV paths are resolved (the worker's data directory).</param>
    /// <param name="uploaded">Where a CSV named by its dataset id (<c>sha256:...</c>) is read from, fetched first when this node lacks it.</param>
    public DatasetCache(string? baseDirectory, LocalDatasets uploaded, int capacity = 8)
        : this(options => DataLoader.LoadSplit(uploaded.Resolve(options), baseDirectory), capacity)
    {
        ArgumentNullException.ThrowIfNull(uploaded);
    }

    /// <summary>A cache over any loader (tests count its calls).</summary>
    public DatasetCache(Func<DataOptions, DataSplit> load, int capacity = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _load = load;
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>Splits held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    /// <summary>Loads started so far (a measure of how well the cache works).</summary>
    public int Loads => Volatile.Read(ref _loads);

    /// <summary>The split for <paramref name="options"/>, loading it on first use. Throws what the loader throws (a <see cref="DataException"/> for bad data).</summary>
    public DataSplit Get(DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Entry entry;
        lock (_gate)
        {
            if (_entries.TryGetValue(options, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                entry = node.Value;
            }
            else
            {
                entry = new Entry(options, new Lazy<DataSplit>(() => Load(options), LazyThreadSafetyMode.ExecutionAndPublication));
                _entries[options] = _recency.AddFirst(entry);
                while (_entries.Count > Capacity)
                {
                    var oldest = _recency.Last!;
                    _recency.RemoveLast();
                    _entries.Remove(oldest.Value.Options);
                }
            }
        }
        try
        {
            return entry.Split.Value;
        }
        catch
        {
            lock (_gate)
            {
                if (_entries.TryGetValue(options, out var node) && ReferenceEquals(node.Value, entry))
                {
                    _recency.Remove(node);
                    _entries.Remove(options);
                }
            }
            throw;
        }
    }

    private DataSplit Load(DataOptions options)
    {
        Interlocked.Increment(ref _loads);
        return _load(options);
    }
}
