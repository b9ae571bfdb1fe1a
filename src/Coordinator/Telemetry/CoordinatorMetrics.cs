using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Hpo.Engine.Diagnostics;
using Hpo.Node.Telemetry;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Telemetry;

/// <summary>
/// The coordinator's instruments. The sweeps publish a <see cref="SweepGauge"/> (every second while they run, and when
/// they start and end); the observable instruments read the latest ones at each scrape: sweeps by state, trials by
/// sweep and state, the best objective, trials per rung, epochs recorded, trials with each kind of issue, the
/// trial budget and the dispatches queued on nodes for a slot. Journal writes are timed as they happen. Before the first sweep every per-sweep instrument shows its
/// series without a sweep label, at 0 (NaN for the objective and the budget), so that dashboards find them from the start.
/// </summary>
public sealed class CoordinatorMetrics : IDisposable
{
    private static readonly double[] WriteSeconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    private static readonly int[] WriteEvents = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
    private static readonly TrialStatus[] TrialStates = Enum.GetValues<TrialStatus>();
    private static readonly SweepRunState[] SweepStates = Enum.GetValues<SweepRunState>();
    private static readonly IssueKind[] IssueKinds = Enum.GetValues<IssueKind>();
    private readonly ConcurrentDictionary<string, SweepGauge> _sweeps = new(StringComparer.Ordinal);
    private readonly Meter _meter;
    private readonly Histogram<double> _writeSeconds;
    private readonly Histogram<int> _writeEvents;

    public CoordinatorMetrics(IMeterFactory? meters = null)
    {
        _meter = meters?.Create(HpoMetrics.MeterName) ?? new Meter(HpoMetrics.MeterName);
        _meter.CreateObservableGauge("hpo_sweeps", () => SweepStates.Select(state =>
            new Measurement<int>(_sweeps.Values.Count(g => g.Status.State == state), Tag("state", Name(state)))),
            description: "sweeps by state");
        _meter.CreateObservableGauge("hpo_trials", () => PerSweep(g => TrialStates.Select(state =>
            (g is null ? 0 : g.Status.ByStatus.GetValueOrDefault(state), Tag("state", Name(state))))),
            description: "trials by sweep and state");
        _meter.CreateObservableGauge("hpo_best_objective", () => PerSweep<double>(g =>
            [(g?.Status.Best?.Objective ?? double.NaN, default)]), description: "the best objective of the sweep so far");
        _meter.CreateObservableGauge("hpo_rung_trials", () => PerSweep(g => g is null
            ? [(0, Tag("rung", "0"))]
            : g.Status.Rungs.Select(r => (r.Reached, Tag("rung", r.Rung.ToString(System.Globalization.CultureInfo.InvariantCulture))))),
            description: "trials that reached each rung of the sweep");
        _meter.CreateObservableCounter("hpo_trial_epochs", () => PerSweep<long>(g => [(g?.Status.EpochsTotal ?? 0L, default)]),
            description: "epochs the sweep recorded (each trial's epochs once, however often trained)");
        _meter.CreateObservableCounter("hpo_trial_issues", () => PerSweep(g => IssueKinds.Select(kind =>
            (g?.TrialsWithIssue.GetValueOrDefault(kind) ?? 0, Tag("kind", global::Hpo.Engine.Diagnostics.IssueKinds.Name(kind))))),
            description: "trials whose training-issues log has an entry of each kind");
        _meter.CreateObservableGauge("hpo_sweep_max_trials", () => PerSweep<double>(g =>
            [(g?.Status.MaxTrials is { } max ? max : double.NaN, default)]), description: "the sweep's trial budget (NaN: none)");
        _meter.CreateObservableGauge("hpo_dispatches_queued", () => PerSweep<int>(g => [(g?.Status.QueuedRungs ?? 0, default)]),
            description: "the sweep's rungs dispatched to a node beyond its slots, waiting there for one: demand the slots do not meet");
        _writeSeconds = _meter.CreateHistogram("hpo_journal_write_duration", "s", "seconds per journal write of a sweep",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WriteSeconds });
        _writeEvents = _meter.CreateHistogram("hpo_journal_write_events", "{event}", "events per journal write (one row)",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = WriteEvents });
    }

    /// <summary>The meter the instruments are on.</summary>
    internal Meter Meter => _meter;

    /// <summary>The latest state of a sweep.</summary>
    public void Publish(SweepGauge gauge)
    {
        ArgumentNullException.ThrowIfNull(gauge);
        _sweeps[gauge.Status.Id] = gauge;
    }

    /// <summary>A sweep wrote <paramref name="events"/> events to the journal in <paramref name="took"/>.</summary>
    public void JournalWritten(string sweepId, int events, TimeSpan took)
    {
        var sweep = Tag("sweep", sweepId);
        _writeSeconds.Record(took.TotalSeconds, sweep);
        _writeEvents.Record(events, sweep);
    }

    /// <summary>The series of every sweep published, each with its sweep label; before the first, one set without it.</summary>
    private IEnumerable<Measurement<T>> PerSweep<T>(Func<SweepGauge?, IEnumerable<(T Value, KeyValuePair<string, object?> Tag)>> series)
        where T : struct
    {
        if (_sweeps.IsEmpty)
        {
            foreach (var (value, tag) in series(null))
                yield return tag.Key is null ? new Measurement<T>(value) : new Measurement<T>(value, tag);
            yield break;
        }
        foreach (var gauge in _sweeps.Values)
        {
            var sweep = Tag("sweep", gauge.Status.Id);
            foreach (var (value, tag) in series(gauge))
                yield return tag.Key is null ? new Measurement<T>(value, sweep) : new Measurement<T>(value, sweep, tag);
        }
    }

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);

    private static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => JournalJson.Name(value);

    public void Dispose() => _meter.Dispose();
}
