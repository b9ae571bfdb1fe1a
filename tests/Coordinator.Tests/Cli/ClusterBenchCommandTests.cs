namespace Hpo.Coordinator.Tests.Cli;

/// <summary>`hpo bench cluster` runs a real one-process cluster and prints its figures (they are not asserted).</summary>
[Trait("Category", "Integration")]
public sealed class ClusterBenchCommandTests
{
    [Fact]
    public async Task Bench_cluster_runs_a_simulated_sweep_and_prints_one_line_of_figures()
    {
        var run = await CliRun.Of("bench", "cluster", "--trials", "30", "--slots", "4", "--max-epochs", "9");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var line = run.Stdout.Split('\n').Single(l => l.StartsWith("reports_per_second=", StringComparison.Ordinal));
        Assert.Contains(" trials=30 ", line);
        Assert.Contains("slot_utilisation=", line);
        Assert.Contains("state=finished", line);
        var epochs = long.Parse(line.Split(' ').Single(f => f.StartsWith("epochs=", StringComparison.Ordinal))["epochs=".Length..]);
        Assert.True(epochs >= 30, line);
    }
}
