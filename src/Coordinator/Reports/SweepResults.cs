using Hpo.Engine.Options;
using Hpo.Sweeps.Control;

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

    /// <summary>Trials needed at one budget for importance and the objective-against-parameter plots to mean much.</summary>
    public const int EnoughAtOneBudget = 8;

    /// <summary>
    /// The trials' objectives at one budget, so that no plot compares a 1-epoch objective with a 27-epoch one: the
    /// highest budget (epochs) that at least <see cref="EnoughAtOneBudget"/> trials reached with a finite objective there
    /// (each by the sweep's scope at that epoch), else the budget most trials reached. Empty when no trial has one.
    /// </summary>
    public (int Budget, IReadOnlyList<(TrialOutcome Trial, double Objective)> Points) AtOneBudget()
    {
        var scope = Sweeps.Search.ObjectiveScope.Named(Status.Scope);
        float Score(float v) => Mode == ObjectiveMode.Max ? v : -v;
        // Each scored-able trial's curve as floats, once: every budget below reads them.
        var curves = Trials.Where(t => t.Detail.Status != Sweeps.Search.State.TrialStatus.Failed && t.Detail.Curve.Count > 0)
            .Select(t => (Trial: t, Curve: t.Detail.Curve.Select(p => (float)p.Objective).ToArray())).ToArray();
        List<(TrialOutcome, double)> At(int budget) => curves
            .Where(c => c.Curve.Length >= budget)
            .Select(c => (c.Trial, Value: scope.At(c.Curve, budget, Score)))
            .Where(x => x.Value.IsFinite)
            .Select(x => (x.Trial, Sweeps.Search.ObjectiveValue.Of(x.Value.Objective)))
            .ToList();
        var budgets = curves.Select(c => c.Curve.Length).Distinct().OrderDescending().ToArray();
        (int, IReadOnlyList<(TrialOutcome, double)>) fallback = (0, []);
        foreach (int budget in budgets)
        {
            var points = At(budget);
            if (points.Count >= EnoughAtOneBudget) return (budget, points);
            if (points.Count > fallback.Item2.Count) fallback = (budget, points);
        }
        return fallback;
    }

    public string MetricLabel => $"{Status.Metric} ({(Mode == ObjectiveMode.Max ? "maximised" : "minimised")})";
}
