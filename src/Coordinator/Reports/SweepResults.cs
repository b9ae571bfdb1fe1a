using Hpo.Coordinator.Sweeps;
using Hpo.Engine.Options;

namespace Hpo.Coordinator.Reports;

/// <summary>A sweep's history with every trial's outcome, the scored trials ranked best first, and the best one.</summary>
internal sealed class SweepResults
{
    public SweepResults(SweepHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        History = history;
        // A broken sweep has no mode; minimising is the default of the spec.
        Mode = history.Status.Mode ?? ObjectiveMode.Min;
        Trials = history.Trials.OrderBy(t => t.Trial).Select(TrialOutcome.Of).ToArray();
        // The leaderboard's order: trained furthest first, then the better objective, then the earlier trial.
        Ranked = Trials.Where(t => t.IsScored)
            .OrderByDescending(t => t.Budget)
            .ThenBy(t => t.Objective, Comparer<double>.Create((a, b) => ObjectiveOrder.Compare(Mode, a, b)))
            .ThenBy(t => t.Trial)
            .ToArray();
    }

    public SweepHistory History { get; }
    public SweepStatus Status => History.Status;
    public IReadOnlyList<ParameterAxis> Parameters => History.Parameters;
    public ObjectiveMode Mode { get; }

    /// <summary>Every trial, by id.</summary>
    public IReadOnlyList<TrialOutcome> Trials { get; }

    /// <summary>The trials with a finite objective, as the leaderboard ranks them: the winner first.</summary>
    public IReadOnlyList<TrialOutcome> Ranked { get; }

    public TrialOutcome? Best => Ranked.Count > 0 ? Ranked[0] : null;

    public string MetricLabel => $"{Status.Metric} ({(Mode == ObjectiveMode.Max ? "maximised" : "minimised")})";
}
