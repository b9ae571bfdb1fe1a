using Hpo.Engine.Options;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Simulation;

namespace Hpo.Coordinator.Tests.Search.Simulation;

/// <summary>
/// Asynchronous halving with a trial budget, on surrogate curves: once the budget is spent, the endgame promotes as
/// synchronous halving would, so the best configurations reach the maximum epochs.
/// </summary>
public class AshaEndgameTests
{
    private static readonly SchedulerOptions Base = new() { ReductionFactor = 3, MinEpochs = 1, MaxEpochs = 27, Mode = ObjectiveMode.Max };

    [Theory]
    [InlineData(27)]
    [InlineData(81)]
    [InlineData(243)]
    public async Task On_the_digits_example_asha_brings_as_many_trials_to_27_epochs_as_synchronous_halving_with_at_most_a_fifth_more_epochs(int trials)
    {
        var run = await Cli.CliRun.Of("simulate", Cli.CliRun.RepositoryFile("examples/digits-asha.yaml"), "--trials", $"{trials}", "--schedulers", "sha,asha", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var results = System.Text.Json.Nodes.JsonNode.Parse(run.LastLine)!["schedulers"]!.AsArray();
        var (sha, asha) = (results[0]!, results[1]!);
        Assert.Equal("sha", (string?)sha["scheduler"]);
        int shaTop = (int)sha["completed"]!, ashaTop = (int)asha["completed"]!;
        long shaEpochs = (long)sha["epochs_total"]!, ashaEpochs = (long)asha["epochs_total"]!;
        Assert.True(shaTop >= 1, $"sha brought {shaTop} trials to 27 epochs");
        Assert.True(ashaTop >= shaTop, $"asha brought {ashaTop} trials to 27 epochs, sha {shaTop}");
        Assert.True(ashaEpochs <= 1.2 * shaEpochs, $"asha {ashaEpochs} epochs, sha {shaEpochs}");
    }

    [Fact]
    public void Async_hyperband_brings_a_trial_of_its_brackets_to_the_maximum_epochs_once_its_budget_is_spent()
    {
        var result = SimulationRunner.Run(Base with { Kind = SchedulerKind.HyperbandAsync, MaxTrials = 30 }, 30, 4, seed: 5);

        Assert.True(result.TrialsCompleted >= 1, $"{result.TrialsCompleted} trials completed");
    }
}
