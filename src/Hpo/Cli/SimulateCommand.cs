using System.CommandLine;
using System.Text.Json.Nodes;
using Hpo.Node.CommandLine;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Simulation;
using Hpo.Sweeps.Specs;
using Hpo.Worker.Simulation;

namespace Hpo.Cli;

/// <summary>
/// `hpo simulate SWEEP.yaml`: samples the sweep's own search space with its sampler, lets each configuration
/// learn along a seeded surrogate curve instead of training, runs the sweep's scheduler (and others to compare)
/// with virtual workers, and prints a row per scheduler.
/// </summary>
public static class SimulateCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var spec = new Argument<FileInfo>("sweep") { Description = "the sweep spec (its search section and objective are simulated)" };
        var trials = new Option<int?>("--trials") { Description = "trials to sample (default: the sweep's max_trials)" };
        var slots = new Option<int?>("--slots") { Description = "virtual workers (default: the sweep's max_concurrent, else 4)" };
        var schedulers = new Option<string?>("--schedulers") { Description = "comma-separated schedulers to compare (default: fifo and the sweep's)" };
        var seed = new Option<long?>("--seed") { Description = "the surrogate population's seed (default: the sweep's seed)" };
        var json = new Option<bool>("--json") { Description = "end the output with one JSON line of the outcome" };
        var command = new Command("simulate", "Run the sweep's search on surrogate learning curves") { spec, trials, slots, schedulers, seed, json };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var sweep = SweepSpecParser.ParseFile(result.GetValue(spec)!.FullName);
            var options = SweepSchedule.Options(sweep);
            var kinds = Kinds(result.GetValue(schedulers), options.Kind);
            int trialCount = result.GetValue(trials) ?? options.MaxTrials ?? 100;
            int slotCount = result.GetValue(slots) ?? options.MaxConcurrent ?? 4;
            if (trialCount < 1) throw new UsageException("--trials must be at least 1");
            if (slotCount < 1) throw new UsageException("--slots must be at least 1");
            options = options with { MaxTrials = trialCount };
            if (result.GetValue(seed) is long s) sweep = sweep with { Seed = (int)s };
            var results = SchedulerComparison.Run(SchedulerComparison.Kinds(options, kinds), trialCount, slotCount, sweep.Seed, Population(sweep));
            stdout.WriteLine($"{sweep.Name ?? "sweep"}: {trialCount} trials of its search space on surrogate curves, {slotCount} virtual workers, epochs {options.MinEpochs}..{options.MaxEpochs}, objective {sweep.Objective.Metric} ({sweep.Objective.Mode.ToString().ToLowerInvariant()})");
            SchedulerComparison.WriteTable(stdout, results);
            if (result.GetValue(json)) stdout.WriteLine(Json(results));
            return 0;
        }, stderr));
        return command;
    }

    /// <summary>
    /// The sweep's own sampler over its search space; each sampled configuration learns along the surrogate
    /// curve a simulated worker would give its plan (learning rate, batch size, widths, depth, dropout).
    /// </summary>
    private static SimulationPopulation Population(SweepSpec sweep) => new(
        sweep.CreateSampler,
        (trial, config) => SimulatedTrainer.CurveOf(TrialPlans.From(sweep.Materialize(config), sweep.Objective.Metric), trial));

    private static IReadOnlyList<SchedulerKind> Kinds(string? names, SchedulerKind sweepKind)
    {
        if (names is null) return sweepKind == SchedulerKind.Fifo ? [SchedulerKind.Fifo] : [SchedulerKind.Fifo, sweepKind];
        var kinds = new List<SchedulerKind>();
        foreach (var name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!SchedulerKindNames.TryParse(name, out var kind))
                throw new UsageException($"--schedulers: unknown scheduler '{name}'; known: {string.Join(", ", SchedulerKindNames.All)}");
            kinds.Add(kind);
        }
        return kinds;
    }

    private static string Json(IReadOnlyList<SimulationResult> results) => new JsonObject
    {
        ["schedulers"] = new JsonArray(results.Select(r => (JsonNode)new JsonObject
        {
            ["scheduler"] = r.Scheduler,
            ["best_objective"] = r.BestObjective is double b && double.IsFinite(b) ? Math.Round(b, 6) : null,
            ["best_trial"] = r.BestTrial,
            ["epochs_total"] = r.EpochsUsed,
            ["trials"] = r.TrialsFinished,
            ["completed"] = r.TrialsCompleted,
            ["reports_per_second"] = Math.Round(r.ReportsPerSecond),
            ["slot_utilisation"] = Math.Round(r.SlotUtilisation, 4),
        }).ToArray()),
    }.ToJsonString();
}
