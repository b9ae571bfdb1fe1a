using System.Globalization;

namespace Hpo.Coordinator.Tests.Cli;

/// <summary>
/// `hpo bench engine` prints the lines `bench/torch/compare.py` and `rounds.py` parse: the PyTorch script's
/// format, the whole-epoch line and the parallel-trials line (the figures themselves are not asserted).
/// </summary>
[Trait("Category", "Integration")]
public sealed class EngineBenchCommandTests
{
    [Fact]
    public async Task Bench_engine_prints_the_scripts_line_format_and_the_parallel_trials_speedup()
    {
        var run = await CliRun.Of("bench", "engine", "--cases", "c1", "--threads", "1", "--epochs", "1", "--parallel-trials", "2");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("case=", StringComparison.Ordinal)).ToArray();

        var stepsLine = lines.Single(l => l.StartsWith("case=c_2-50-1_b1_sgdm ", StringComparison.Ordinal));
        Assert.Equal(["case", "threads", "samples_per_s", "gflops"], stepsLine.Split(' ').Select(f => f.Split('=')[0]));
        var steps = Fields(stepsLine);
        Assert.Equal("1", steps["threads"]);
        Assert.True(Number(steps["samples_per_s"]) > 0);

        var whole = Fields(lines.Single(l => l.StartsWith("case=c_2-50-1_b1_sgdm-whole_epoch ", StringComparison.Ordinal)));
        Assert.InRange(Number(whole["of_training_only"]), 0.01, 100);

        var parallel = Fields(lines.Single(l => l.StartsWith("case=c_2-50-1_b1_sgdm-parallel_trials_2 ", StringComparison.Ordinal)));
        double one = Number(parallel["one_trial_samples_per_s"]), two = Number(parallel["samples_per_s"]);
        Assert.True(one > 0 && two > 0, string.Join(' ', parallel));
        // Figures, not asserted as speeds: only that they are ratios of two real rates, not zero or absurd.
        Assert.InRange(Number(parallel["speedup"]), 0.2, 3.0);
        Assert.InRange(Number(parallel["speedup_wall"]), 0.2, 3.0);
        Assert.Equal("3", parallel["repeats"]);
    }

    [Fact]
    public async Task Bench_engine_prints_early_and_late_rates_of_a_long_training_and_counts_its_subnormals_when_asked()
    {
        var run = await CliRun.Of("bench", "engine", "--cases", "s", "--threads", "1", "--steady-epochs", "12", "--count-subnormals");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var early = Fields(lines.Single(l => l.StartsWith("case=s_digits_64-256-256-10_b32_adam_lr0.01-early ", StringComparison.Ordinal)));
        var late = Fields(lines.Single(l => l.StartsWith("case=s_digits_64-256-256-10_b32_adam_lr0.01-late ", StringComparison.Ordinal)));
        Assert.True(Number(early["samples_per_s"]) > 0 && Number(late["samples_per_s"]) > 0);
        // The ratio is printed to three decimals, the rates to one: equal within the printing's rounding.
        double ratio = Number(late["samples_per_s"]) / Number(early["samples_per_s"]);
        Assert.True(Math.Abs(ratio - Number(late["late_over_early"])) <= 0.001, $"{ratio} against {late["late_over_early"]}");

        var info = lines.Single(l => l.StartsWith("#   params=85002 ", StringComparison.Ordinal));
        Assert.Contains("early_epochs=2-10 late_epochs=11-12", info);
        Assert.Contains("subnormals: parameters 0/", info);
        Assert.Equal(12, info[(info.IndexOf("epoch_rates=[", StringComparison.Ordinal) + 13)..].Split(',').Length);
    }

    [Fact]
    public async Task Bench_engine_names_an_unknown_case_and_the_known_ones()
    {
        var run = await CliRun.Of("bench", "engine", "--cases", "a,zz", "--threads", "1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown case 'zz'; known: a, a_adam, b, c1, c32, d, s, f", run.Stderr);
        Assert.DoesNotContain("case=", run.Stdout);
    }

    private static Dictionary<string, string> Fields(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
