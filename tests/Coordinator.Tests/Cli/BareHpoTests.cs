namespace Hpo.Coordinator.Tests.Cli;

public class BareHpoTests
{
    [Fact]
    public async Task Hpo_without_arguments_prints_the_usage_and_exits_2()
    {
        var run = await CliRun.Of();
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Usage:", run.Stderr);
        Assert.Contains("predict", run.Stderr);
        Assert.Contains("train", run.Stderr);
        Assert.StartsWith("error: no command given", run.Stderr.TrimEnd().Split('\n')[^1]);
        Assert.DoesNotContain("   at ", run.Stderr);
    }
}
