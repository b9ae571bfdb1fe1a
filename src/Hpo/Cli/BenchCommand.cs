using System.CommandLine;
using Hpo.Benchmarks;
using Hpo.Node.CommandLine;

namespace Hpo.Cli;

/// <summary>`hpo bench search`: figures of the search core (reports per second, bytes per trial); `hpo bench cluster`: of the real cluster.</summary>
public static class BenchCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var trials = new Option<int>("--trials") { Description = "simulated trials", DefaultValueFactory = _ => SearchBenchmark.Trials };
        var slots = new Option<int>("--slots") { Description = "virtual workers", DefaultValueFactory = _ => SearchBenchmark.Slots };
        var search = new Command("search", "The search core: ASHA over surrogate curves, reports per second and bytes per trial") { trials, slots };
        search.SetAction(result => UserErrors.Run(() =>
        {
            SearchBenchmark.Run(stdout, result.GetValue(trials), result.GetValue(slots));
            return 0;
        }, stderr));
        var cTrials = new Option<int>("--trials") { Description = "trials of the sweep", DefaultValueFactory = _ => new ClusterBenchmark.Settings().Trials };
        var cSlots = new Option<int>("--slots") { Description = "the simulated worker's training slots", DefaultValueFactory = _ => new ClusterBenchmark.Settings().Slots };
        var scheduler = new Option<string>("--scheduler") { Description = "fifo, sha, asha, hyperband or median", DefaultValueFactory = _ => "asha" };
        var maxEpochs = new Option<int>("--max-epochs") { Description = "epochs of a trial at most", DefaultValueFactory = _ => new ClusterBenchmark.Settings().MaxEpochs };
        var epochMs = new Option<int>("--epoch-ms") { Description = "milliseconds a simulated epoch holds its slot", DefaultValueFactory = _ => new ClusterBenchmark.Settings().EpochMs };
        var queue = new Option<int?>("--queue") { Description = "rungs the worker queues beyond its slots (default: as many as slots)" };
        var cluster = new Command("cluster", "A one-process cluster (coordinator, SQLite journal, simulated worker): reports persisted per second and slot utilisation")
        {
            cTrials, cSlots, scheduler, maxEpochs, epochMs, queue,
        };
        cluster.SetAction((result, cancellation) => UserErrors.RunAsync(async () =>
        {
            await ClusterBenchmark.RunAsync(new ClusterBenchmark.Settings
            {
                Trials = result.GetValue(cTrials),
                Slots = result.GetValue(cSlots),
                Scheduler = result.GetValue(scheduler)!,
                MaxEpochs = result.GetValue(maxEpochs),
                EpochMs = result.GetValue(epochMs),
                Queue = result.GetValue(queue),
            }, stdout, cancellation);
            return 0;
        }, stderr));
        return new Command("bench", "Benchmarks that print figures") { search, cluster, EngineBenchmarkCommand.Build(stdout, stderr) };
    }
}
