using System.Globalization;

namespace Hpo.Sweeps.Search.Simulation;

/// <summary>Runs several schedulers on the same surrogate population and tabulates them.</summary>
public static class SchedulerComparison
{
    /// <summary>One simulation per options, all over the same trials (the same seed draws the same configurations and curves).</summary>
    public static IReadOnlyList<SimulationResult> Run(IEnumerable<SchedulerOptions> schedulers, int trials, int slots, long seed,
        SimulationPopulation? population = null) =>
        schedulers.Select(o => SimulationRunner.Run(o, trials, slots, seed, population)).ToArray();

    /// <summary>The same options under each scheduler kind.</summary>
    public static IEnumerable<SchedulerOptions> Kinds(SchedulerOptions options, IEnumerable<SchedulerKind> kinds) =>
        kinds.Select(k => options with { Kind = k });

    /// <summary>A table: scheduler, best objective, epochs used, trials finished and completed, reports per second.</summary>
    public static void WriteTable(TextWriter output, IReadOnlyList<SimulationResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Format(c, "{0,-16} {1,14} {2,12} {3,8} {4,10} {5,14} {6,8}",
            "scheduler", "best_objective", "epochs", "trials", "completed", "reports_per_s", "slots%"));
        foreach (var r in results)
        {
            output.WriteLine(string.Format(c, "{0,-16} {1,14} {2,12} {3,8} {4,10} {5,14:F0} {6,8:F1}",
                r.Scheduler,
                r.BestObjective is { } b ? b.ToString("F5", c) : "-",
                r.EpochsUsed, r.TrialsFinished, r.TrialsCompleted, r.ReportsPerSecond, 100 * r.SlotUtilisation));
        }
    }
}
