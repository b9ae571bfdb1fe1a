using System.Diagnostics.Metrics;
using Hpo.Coordinator.Telemetry;
using Hpo.Engine.Diagnostics;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Telemetry;

/// <summary>What the coordinator's observable instruments report, read with a <see cref="MeterListener"/>.</summary>
public sealed class CoordinatorMetricsTests
{
    private sealed record Reading(string Instrument, double Value, IReadOnlyDictionary<string, string> Tags);

    private static List<Reading> Read(CoordinatorMetrics metrics)
    {
        var readings = new List<Reading>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter)) l.EnableMeasurementEvents(instrument);
        };
        void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            readings.Add(new Reading(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => (string)t.Value!)));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Add(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        listener.Start();
        listener.RecordObservableInstruments();
        return readings;
    }

    private static SweepStatus Status(string id, int completed, int stopped, double? best) => new()
    {
        Id = id,
        State = SweepRunState.Running,
        Metric = "val_accuracy",
        MaxTrials = 20,
        Trials = completed + stopped,
        ByStatus = new Dictionary<TrialStatus, int> { [TrialStatus.Completed] = completed, [TrialStatus.Stopped] = stopped },
        EpochsTotal = 42,
        Rungs = [new RungSummary(0, 1, completed + stopped, 0, 3), new RungSummary(1, 3, 3, 0, 1)],
        Best = best is { } b ? new LeaderboardEntry(0, b, 3, TrialStatus.Completed, TrialConfig.Empty) : null,
    };

    [Fact]
    public void Before_the_first_sweep_every_per_sweep_instrument_reports_zero_without_a_sweep_label()
    {
        using var metrics = new CoordinatorMetrics();

        var readings = Read(metrics);

        foreach (var name in new[] { "hpo_trials", "hpo_best_objective", "hpo_rung_trials", "hpo_trial_epochs", "hpo_trial_issues", "hpo_sweep_max_trials", "hpo_dispatches_queued", "hpo_sweeps" })
            Assert.Contains(readings, r => r.Instrument == name);
        Assert.DoesNotContain(readings, r => r.Tags.ContainsKey("sweep"));
        Assert.All(readings.Where(r => r.Instrument is "hpo_trials" or "hpo_trial_epochs" or "hpo_dispatches_queued" or "hpo_sweeps"), r => Assert.Equal(0, r.Value));
        Assert.Equal(Enum.GetValues<TrialStatus>().Length, readings.Count(r => r.Instrument == "hpo_trials"));
        Assert.True(double.IsNaN(readings.Single(r => r.Instrument == "hpo_best_objective").Value));
    }

    [Fact]
    public void A_published_sweep_is_reported_under_its_own_label_with_its_latest_state_and_never_a_trial()
    {
        using var metrics = new CoordinatorMetrics();
        metrics.Publish(new SweepGauge(Status("a", 1, 2, 0.5), new Dictionary<IssueKind, int> { [IssueKind.Overfitting] = 2 }));
        metrics.Publish(new SweepGauge(Status("a", 4, 5, 0.75), new Dictionary<IssueKind, int> { [IssueKind.Overfitting] = 3 }));
        metrics.Publish(new SweepGauge(Status("b", 0, 1, null), new Dictionary<IssueKind, int>()));

        var readings = Read(metrics);

        Assert.All(readings.Where(r => r.Instrument != "hpo_sweeps"), r => Assert.Contains(r.Tags["sweep"], new[] { "a", "b" }));
        Assert.DoesNotContain(readings, r => r.Tags.Keys.Any(k => k.Contains("trial", StringComparison.Ordinal)));
        Assert.Equal(4, readings.Single(r => r.Instrument == "hpo_trials" && r.Tags["sweep"] == "a" && r.Tags["state"] == "completed").Value);
        Assert.Equal(0.75, readings.Single(r => r.Instrument == "hpo_best_objective" && r.Tags["sweep"] == "a").Value);
        Assert.True(double.IsNaN(readings.Single(r => r.Instrument == "hpo_best_objective" && r.Tags["sweep"] == "b").Value));
        Assert.Equal(3, readings.Single(r => r.Instrument == "hpo_trial_issues" && r.Tags["sweep"] == "a" && r.Tags["kind"] == "overfitting").Value);
        Assert.Equal(3, readings.Single(r => r.Instrument == "hpo_rung_trials" && r.Tags["sweep"] == "a" && r.Tags["rung"] == "1").Value);
        Assert.Equal(2, readings.Single(r => r.Instrument == "hpo_sweeps" && r.Tags["state"] == "running").Value);
    }

    [Fact]
    public void The_dispatches_queued_gauge_reports_each_sweeps_rungs_waiting_on_nodes_for_a_slot()
    {
        using var metrics = new CoordinatorMetrics();
        metrics.Publish(new SweepGauge(Status("a", 1, 0, null) with { BusySlots = 4, QueuedRungs = 3 }, new Dictionary<IssueKind, int>()));
        metrics.Publish(new SweepGauge(Status("b", 1, 0, null) with { BusySlots = 2, QueuedRungs = 0 }, new Dictionary<IssueKind, int>()));
        metrics.Publish(new SweepGauge(Status("a", 2, 0, null) with { BusySlots = 4, QueuedRungs = 5 }, new Dictionary<IssueKind, int>()));

        var queued = Read(metrics).Where(r => r.Instrument == "hpo_dispatches_queued").ToDictionary(r => r.Tags["sweep"], r => r.Value);

        Assert.Equal(new Dictionary<string, double> { ["a"] = 5, ["b"] = 0 }, queued);
    }
}
