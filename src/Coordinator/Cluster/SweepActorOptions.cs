using Hpo.Coordinator.Telemetry;
using Hpo.Sweeps.Control;

namespace Hpo.Coordinator.Cluster;

/// <summary>Timing of a sweep actor.</summary>
public sealed record SweepActorOptions
{
    /// <summary>A dispatch with no report for this long (or five times the sweep's longest epoch, if longer) is sent again.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often heartbeats and the time budget are checked.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Recover held: an unfinished sweep answers queries but dispatches nothing until a <see cref="ResumeSweep"/>
    /// (what <c>hpo run</c> does with the other sweeps of its data directory).
    /// </summary>
    public bool StartHeld { get; init; }

    /// <summary>
    /// How long the evaluation of the best trial on the test split (or its refit, longer by its epochs) may go unanswered
    /// before it is asked again (at least four heartbeat windows); after <see cref="OncePerSweepOrder.DefaultTries"/> tries
    /// it is given up.
    /// </summary>
    public TimeSpan TestAnswerWithin { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Where the sweep publishes its gauges and journal timings (null: nowhere, as in tests).</summary>
    public CoordinatorMetrics? Metrics { get; init; }
}
