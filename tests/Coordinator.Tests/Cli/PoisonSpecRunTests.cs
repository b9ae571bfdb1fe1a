using System.Text;

namespace Hpo.Coordinator.Tests.Cli;

/// <summary>
/// <c>hpo run</c> and <c>hpo submit</c> on poison specs and bad data: one error line, exit 2, and nothing journaled
/// (the data directory gets no journal at all).
/// </summary>
public sealed class PoisonSpecRunTests : IDisposable
{
    private readonly TempDir _dir = new();

    public PoisonSpecRunTests()
    {
        var rows = Enumerable.Range(0, 60).Select(i => $"{i % 7}.5,{i % 5}.25,{(i % 2 == 0 ? "a" : "b")}");
        _dir.Write("flowers.csv", "sepal,petal,species\n" + string.Join("\n", rows) + "\n");
    }

    public void Dispose() => _dir.Dispose();

    private string DataDirectory => Path.Combine(_dir.Path, "state");

    public static TheoryData<string, string, string> BadSweeps()
    {
        var laughs = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'i'; c++)
            laughs.Append($"{c}: &{c} [{string.Join(", ", Enumerable.Repeat($"*{(char)(c - 1)}", 9))}]\n");
        return new()
        {
            // name, spec, the error line after "error: SPEC:"
            { "grid points", "data: {dataset: digits}\nmodel: {units: {choice: [8, 16]}}\nsearch: {sampler: grid, grid_points: 1000000000}\n",
                "3: search.grid_points: must be in [2, 1000] (got 1000000000)" },
            { "block nesting", string.Concat(Enumerable.Repeat("- ", 40_000)) + "1\n", "1: nested more than 64 levels deep" },
            { "alias bomb", laughs.ToString(), "6: f[0]: the alias *e expands the document to more than 100,000 values" },
            { "generated dataset", "data: {dataset: classification, samples: 8000000, features: 100}\n",
                "1: data.samples: the generated dataset would be 8,000,000 samples x 100 features = 800,000,000 cells" },
            { "epochs", "data: {dataset: digits}\ntraining: {max_epochs: 1000000}\n", "2: training.max_epochs: must be in [1, 100000] (got 1000000)" },
            { "misspelt csv", "data: {csv: flowrs.csv, target: species}\n", "1: data.csv: no file " },
            { "misspelt target", "data:\n  csv: flowers.csv\n  target: specis\n",
                "3: data.target: flowers.csv has no column \"specis\" (did you mean species?); its columns: sepal, petal, species" },
            { "batch", "data: {dataset: iris}\ntraining: {batch_size: 500}\n",
                "2: training.batch_size: is 500, but the training split holds about 120 rows" },
        };
    }

    [Theory]
    [MemberData(nameof(BadSweeps))]
    public async Task Run_refuses_a_poison_sweep_with_one_line_and_journals_nothing(string name, string sweep, string message)
    {
        var spec = _dir.Write($"{name.Replace(' ', '-')}.yaml", sweep);

        var run = await CliRun.Of("run", spec, "--data-dir", DataDirectory);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: {spec}:{message}", run.Stderr);
        Assert.Single(run.Stderr.TrimEnd().Split('\n'));
        Assert.False(File.Exists(Path.Combine(DataDirectory, "journal.db")), "the refused sweep left a journal");
    }

    [Fact]
    public async Task Every_data_problem_comes_in_the_one_error()
    {
        var spec = _dir.Write("two.yaml", "data:\n  csv: flowers.csv\n  target: specis\n  weight: wieght\n");

        var run = await CliRun.Of("run", spec, "--data-dir", DataDirectory);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"error: {spec}:3: data.target: flowers.csv has no column \"specis\" (did you mean species?); its columns: sepal, petal, species",
            $"{spec}:4: data.weight: flowers.csv has no column \"wieght\"; its columns: sepal, petal, species"], run.Stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task A_25_megabyte_spec_is_refused_by_run_and_by_submit_before_anything_is_sent()
    {
        var spec = Path.Combine(_dir.Path, "big.yaml");
        using (var file = File.CreateText(spec))
        {
            file.Write("data: {dataset: digits}\n");
            for (int i = 0; i < 25_000; i++) file.Write("# " + new string('x', 1000) + "\n");
        }

        var run = await CliRun.Of("run", spec, "--data-dir", DataDirectory);
        // No coordinator listens here: submit must refuse the file before it tries to send it.
        var submit = await CliRun.Of("submit", spec, "--api", "http://127.0.0.1:9");

        foreach (var refused in new[] { run, submit })
        {
            Assert.Equal(2, refused.ExitCode);
            Assert.Equal($"error: {spec}: the spec is {new FileInfo(spec).Length:N0} bytes; a spec may be at most 1,048,576 bytes (1 MiB)", refused.Stderr.TrimEnd());
        }
        Assert.False(File.Exists(Path.Combine(DataDirectory, "journal.db")));
    }

    [Fact]
    public async Task A_spec_nested_40000_levels_deep_ends_the_process_with_exit_2_not_a_stack_overflow()
    {
        // In a child process: were the reader to recurse, the overflow would end that process (exit 134), not this one.
        var spec = _dir.Write("deep.yaml", new string('[', 40_000) + new string(']', 40_000));

        var run = await HpoProcess.Run("run", spec, "--data-dir", DataDirectory);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {spec}:1: nested more than 64 levels deep", run.Stderr.TrimEnd());
        Assert.False(File.Exists(Path.Combine(DataDirectory, "journal.db")));
    }
}
