using System.Text.Json;

namespace Hpo.Coordinator.Tests.Cli;

public class SimulateCommandTests
{
    [Fact]
    public async Task Simulating_the_digits_sweep_shows_asha_near_fifos_best_for_a_fifth_of_its_epochs()
    {
        var run = await CliRun.Of("simulate", CliRun.RepositoryFile("examples/digits-asha.yaml"),
            "--schedulers", "fifo,asha,hyperband", "--trials", "243", "--slots", "4", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("best_objective", run.Stdout);
        using var json = JsonDocument.Parse(run.LastLine);
        var rows = json.RootElement.GetProperty("schedulers").EnumerateArray().ToDictionary(r => r.GetProperty("scheduler").GetString()!);
        Assert.Equal(["fifo", "asha", "hyperband"], rows.Keys);
        var fifo = rows["fifo"];
        foreach (var name in new[] { "asha", "hyperband" })
        {
            var row = rows[name];
            Assert.Equal(243, row.GetProperty("trials").GetInt32());
            Assert.True(row.GetProperty("best_objective").GetDouble() >= 0.99 * fifo.GetProperty("best_objective").GetDouble(), name);
            Assert.True(row.GetProperty("epochs_total").GetInt64() < fifo.GetProperty("epochs_total").GetInt64(), name);
            Assert.True(row.GetProperty("reports_per_second").GetDouble() > 0);
        }
        // ASHA's whole point: (almost) FIFO's best for a fraction of its epochs. With max_epochs 27, Hyperband's
        // brackets halve fewer times; its one-fifth figure is shown with R = 81 in the simulator's own tests.
        Assert.True(rows["asha"].GetProperty("epochs_total").GetInt64() * 5 <= fifo.GetProperty("epochs_total").GetInt64());
    }

    [Fact]
    public async Task An_unknown_scheduler_is_a_clear_error()
    {
        var run = await CliRun.Of("simulate", CliRun.RepositoryFile("examples/digits-asha.yaml"), "--schedulers", "fifo,asap");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown scheduler 'asap'", run.Stderr);
    }
}
