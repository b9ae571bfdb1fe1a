using System.CommandLine;
using Hpo.Coordinator.Search.Simulation;

namespace Hpo.Coordinator.Cli;

/// <summary>`hpo bench search`: figures of the search core (reports per second, bytes per trial).</summary>
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
        return new Command("bench", "Benchmarks that print figures") { search };
    }
}
