using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Hpo.Node.Telemetry;
using Hpo.Protocol;
using Hpo.Worker.Training;

namespace Hpo.Worker.Telemetry;

/// <summary>
/// A worker node's instruments: its slots and how many are busy, the samples per second of the epochs training now,
/// every epoch's duration and the epochs trained. Every series carries the node (<c>host:port</c>) and exists from
/// the node's start (slots, busy, samples per second and epochs at 0).
/// </summary>
public sealed class WorkerMetrics : IEpochObserver, IDisposable
{
    private static readonly double[] EpochSeconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
    private readonly Meter _meter;
    private readonly KeyValuePair<string, object?> _node;
    private readonly Histogram<double> _epochDuration;
    private readonly Counter<long> _epochs;
    private readonly Counter<long> _retrained;
    private long _epochsTrained;
    private long _epochsRetrained;
    private readonly Counter<double> _slotTime;
    private readonly ConcurrentDictionary<(string Sweep, int Trial), double> _training = new();

    public WorkerMetrics(TrainingSlots slots, string node, IMeterFactory? meters = null, DispatchBook? dispatches = null, int queue = 0)
    {
        ArgumentNullException.ThrowIfNull(slots);
        _meter = meters?.Create(HpoMetrics.MeterName) ?? new Meter(HpoMetrics.MeterName);
        _node = new("node", NodeLabel(node));
        _meter.CreateObservableGauge(HpoMetrics.TrainingSlots, () => new Measurement<int>(slots.Size, _node), description: "training slots of the node");
        _meter.CreateObservableGauge(HpoMetrics.TrainingSlotsBusy, () => new Measurement<int>(slots.Running, _node), description: "training slots busy now");
        _meter.CreateObservableGauge(HpoMetrics.SamplesPerSecond, () => new Measurement<double>(_training.Values.Sum(), _node),
            description: "samples per second of the epochs training on the node now (their last epochs' rates, summed)");
        _epochDuration = _meter.CreateHistogram(HpoMetrics.EpochDuration, "s", "seconds per trained epoch",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = EpochSeconds });
        _epochs = _meter.CreateCounter<long>(HpoMetrics.NodeEpochs, description: "epochs trained on the node");
        _epochs.Add(0, _node);
        _retrained = _meter.CreateCounter<long>(HpoMetrics.NodeEpochsRetrained,
            description: "epochs the node trained again: trained before, but the trial's checkpoint was behind");
        _retrained.Add(0, _node);
        if (dispatches is not null)
        {
            _meter.CreateObservableGauge(HpoMetrics.NodeDispatchesHeld, () => new Measurement<int>(dispatches.Trials, _node),
                description: "trials with a dispatch the node holds now, training or queued");
            _meter.CreateObservableGauge(HpoMetrics.NodeDispatchesHeldPeak, () => new Measurement<int>(dispatches.Peak, _node),
                description: "the most trials with a dispatch the node held at once since it started");
            _meter.CreateObservableGauge(HpoMetrics.NodeDispatchRoom, () => new Measurement<int>(slots.Size + queue, _node),
                description: "trials' dispatches the node takes at once: its slots plus its queue");
        }
        _slotTime = _meter.CreateCounter<double>(HpoMetrics.NodeSlotTime, "s", "seconds of the node's slots spent on each sweep");
        _slotTime.Add(0, _node);
    }

    /// <summary>A rung or an evaluation of <paramref name="sweepId"/> held a slot for <paramref name="seconds"/>.</summary>
    public void OnSlotTime(string sweepId, double seconds)
    {
        if (seconds > 0) _slotTime.Add(seconds, _node, new("sweep", sweepId));
    }

    /// <summary>The node's label: the cluster address without the protocol, system and incarnation (<c>10.0.0.5:4053</c>).</summary>
    public static string NodeLabel(string node)
    {
        ArgumentNullException.ThrowIfNull(node);
        int at = node.IndexOf('@', StringComparison.Ordinal), hash = node.LastIndexOf('#');
        return node[(at + 1)..(hash > at ? hash : node.Length)];
    }

    /// <summary>Epochs this node trained since it started (as <see cref="HpoMetrics.NodeEpochs"/> counts them).</summary>
    public long EpochsTrained => Interlocked.Read(ref _epochsTrained);

    /// <summary>Of <see cref="EpochsTrained"/>, those trained again.</summary>
    public long EpochsRetrained => Interlocked.Read(ref _epochsRetrained);

    /// <summary>An epoch was trained, reported or not (on the training thread).</summary>
    public void EpochTrained(double seconds, bool again)
    {
        _epochs.Add(1, _node);
        Interlocked.Increment(ref _epochsTrained);
        if (again)
        {
            _retrained.Add(1, _node);
            Interlocked.Increment(ref _epochsRetrained);
        }
        if (seconds > 0) _epochDuration.Record(seconds, _node);
    }

    /// <summary>An epoch was reported (on the training thread): the node's current samples per second.</summary>
    public void OnEpoch(EpochReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _training[(report.SweepId, report.TrialId)] = double.IsFinite(report.Metrics.SamplesPerSecond) ? report.Metrics.SamplesPerSecond : 0;
    }

    /// <summary>A rung of the trial ended (finished, failed or cancelled): it no longer trains here.</summary>
    public void OnRungEnded(string sweepId, int trialId) => _training.TryRemove((sweepId, trialId), out _);

    public void Dispose() => _meter.Dispose();
}
