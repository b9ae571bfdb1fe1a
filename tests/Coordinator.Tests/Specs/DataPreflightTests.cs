using Hpo.Coordinator.Tests.Cli;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Specs;

/// <summary>The data check before a sweep is journaled: every data mistake one error at the spec key's line.</summary>
public sealed class DataPreflightTests : IDisposable
{
    private readonly TempDir _dir = new();

    public DataPreflightTests()
    {
        var rows = Enumerable.Range(0, 60).Select(i => $"{i % 7}.5,{i % 5}.25,{(i % 3 == 0 ? "setosa" : i % 3 == 1 ? "virginica" : "versicolor")}");
        _dir.Write("flowers.csv", "sepal,petal,species\n" + string.Join("\n", rows) + "\n");
    }

    public void Dispose() => _dir.Dispose();

    private SweepSpec Parse(string yaml) => SweepSpecParser.Parse(yaml, "sweep.yaml", _dir.Path);

    private SpecException Refuse(string yaml) => Assert.Throws<SpecException>(() => DataPreflight.Check(Parse(yaml)));

    [Fact]
    public void A_good_csv_passes()
    {
        DataPreflight.Check(Parse("data: {csv: flowers.csv, target: species}\ntraining: {batch_size: 16}\n"));
    }

    [Fact]
    public void A_misspelt_csv_file_names_the_closest_file()
    {
        var e = Refuse("name: x\ndata: {csv: flowrs.csv, target: species}\n");
        var error = Assert.Single(e.Errors);
        Assert.Equal(("data.csv", 2), (error.Path, error.Line));
        Assert.Contains("flowrs.csv (did you mean flowers.csv?)", error.Message);
    }

    [Fact]
    public void A_csv_in_a_missing_directory_says_so()
    {
        var e = Refuse("data: {csv: nowhere/flowers.csv}\n");
        Assert.Contains("does not exist", Assert.Single(e.Errors).Message);
    }

    [Fact]
    public void A_misspelt_target_names_the_closest_column()
    {
        var e = Refuse("data:\n  csv: flowers.csv\n  target: specis\n");
        var error = Assert.Single(e.Errors);
        Assert.Equal(("data.target", 3), (error.Path, error.Line));
        Assert.Equal("flowers.csv has no column \"specis\" (did you mean species?); its columns: sepal, petal, species", error.Message);
    }

    [Fact]
    public void Every_problem_of_the_header_comes_in_one_error()
    {
        var e = Refuse("data:\n  csv: flowers.csv\n  target: specis\n  weight: wieght\n");
        Assert.Equal(["data.target", "data.weight"], e.Errors.Select(x => x.Path));
    }

    [Theory]
    [InlineData("a,b,y\n1,2,0\n1,abc,1\n", "flowers-bad.csv:3: column 2 (\"b\"): 'abc' is not a number")]
    [InlineData("a,b,y\n1,2,0\n1,NaN,1\n", "'NaN' is not a finite number")]
    [InlineData("a,b,y\n1,2,0\n1,inf,1\n", "'inf' is not a finite number")]
    [InlineData("a,b,y\n1,2,cat\n1,3,cat\n3,4,cat\n", "the target has a single class 'cat'")]
    [InlineData("", "the file is empty")]
    [InlineData("a,b,y\n1,2\n", "missing: the row has 2 columns")]
    public void Bad_cells_are_found_before_any_trial(string csv, string message)
    {
        _dir.Write("flowers-bad.csv", csv);
        var e = Refuse("data:\n  csv: flowers-bad.csv\n  target: y\n");
        var error = Assert.Single(e.Errors);
        Assert.Equal(("data.csv", 2), (error.Path, error.Line));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_file_without_line_breaks_is_refused_after_reading_one_mebibyte_of_its_header()
    {
        _dir.Write("blob.csv", new string('x', 3 << 20));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Refuse("data:\n  csv: blob.csv\n  target: y\n");
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 16L << 20);
        var error = Assert.Single(e.Errors);
        Assert.Equal("data.csv", error.Path);
        Assert.Contains("blob.csv:1: the first line is longer than 1,048,576 characters", error.Message);
    }

    [Fact]
    public void A_batch_larger_than_the_training_split_of_a_csv_is_refused_with_the_exact_rows()
    {
        var e = Refuse("data: {csv: flowers.csv, target: species, validation: 0.25}\ntraining:\n  batch_size: 64\n");
        var error = Assert.Single(e.Errors);
        Assert.Equal(("training.batch_size", 3), (error.Path, error.Line));
        Assert.StartsWith("is 64, but the training split holds 45 rows (60 rows less validation and test)", error.Message);
    }

    [Fact]
    public void The_largest_batch_a_search_may_take_must_fit_a_builtin_dataset()
    {
        var e = Refuse("data: {dataset: iris}\ntraining:\n  batch_size: {choice: [16, 256]}\n");
        var error = Assert.Single(e.Errors);
        Assert.Equal("training.batch_size", error.Path);
        Assert.StartsWith("may be 256, but the training split holds about 120 rows (150 rows", error.Message);
    }

    [Fact]
    public void A_generated_dataset_is_checked_at_the_smallest_samples_the_search_may_take()
    {
        var e = Refuse("data:\n  dataset: moons\n  samples: {int: [20, 2000]}\ntraining: {batch_size: 32}\n");
        Assert.Contains("the training split holds about 16 rows (20 rows", Assert.Single(e.Errors).Message);
        DataPreflight.Check(Parse("data: {dataset: moons, samples: 200}\ntraining: {batch_size: 32}\n"));
    }

    [Fact]
    public void A_validation_fraction_that_leaves_no_validation_rows_is_refused()
    {
        _dir.Write("two.csv", "a,y\n1,0.5\n2,1.5\n");
        var e = Refuse("task: regression\ndata: {csv: two.csv, validation: 0.2}\ntraining: {batch_size: 1}\n");
        var error = Assert.Single(e.Errors);
        Assert.Equal("data.validation", error.Path);
        Assert.Contains("leaves the validation split empty", error.Message);
    }

    public static TheoryData<string> ExampleSweeps() => new(ExampleSpecTests.Names(sweeps: true));

    [Theory]
    [MemberData(nameof(ExampleSweeps))]
    public void Every_example_sweep_passes(string file)
    {
        DataPreflight.Check(SweepSpecParser.ParseFile(Path.Combine(ExampleSpecTests.ExamplesPath(), file)));
    }

    [Fact]
    public void Full_batches_always_fit()
    {
        DataPreflight.Check(Parse("data: {dataset: iris}\ntraining: {batch_size: full}\n"));
    }
}
