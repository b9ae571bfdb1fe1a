using System.Diagnostics.Metrics;
using Hpo.Engine.Data;
using Hpo.Node.Telemetry;
using Hpo.Worker.Datasets;

namespace Hpo.Worker.Telemetry;

/// <summary>
/// What a worker node fetched of uploaded datasets: how many and how many bytes (label node), both from the node's start
/// at 0. A dataset read from the node's own cache adds nothing, which is how a second sweep over the same file shows.
/// </summary>
public sealed class DatasetMetrics : IDatasetFetchObserver, IDisposable
{
    /// <summary>Datasets a worker node fetched from a coordinator (label node).</summary>
    public const string Fetches = "hpo_node_dataset_fetches";

    /// <summary>Bytes of datasets a worker node fetched from a coordinator (label node).</summary>
    public const string FetchedBytes = "hpo_node_dataset_fetched";

    private readonly Meter _meter;
    private readonly KeyValuePair<string, object?> _node;
    private readonly Counter<long> _fetches;
    private readonly Counter<long> _bytes;

    public DatasetMetrics(string node, IMeterFactory? meters = null)
    {
        _meter = meters?.Create(HpoMetrics.MeterName) ?? new Meter(HpoMetrics.MeterName);
        _node = new("node", WorkerMetrics.NodeLabel(node));
        _fetches = _meter.CreateCounter<long>(Fetches, description: "datasets the node fetched from a coordinator (not found in its own cache)");
        _bytes = _meter.CreateCounter<long>(FetchedBytes, "By", "bytes of datasets the node fetched from a coordinator");
        _fetches.Add(0, _node);
        _bytes.Add(0, _node);
    }

    public void Fetched(DatasetId id, long bytes, TimeSpan took)
    {
        _fetches.Add(1, _node);
        _bytes.Add(bytes, _node);
    }

    public void Dispose()
    {
        if (_meter.Scope is null) _meter.Dispose();
    }
}
