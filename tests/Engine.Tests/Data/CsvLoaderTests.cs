using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Engine.Tests.Data;

public sealed class CsvLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hpo-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private DataException Fails(string name, string text, CsvOptions? options = null)
    {
        var path = Write(name, text);
        return Assert.Throws<DataException>(() => CsvLoader.Load(path, options));
    }

    [Fact]
    public void Header_with_string_labels_in_the_last_column_is_classification()
    {
        var d = CsvLoader.Load(Write("flowers.csv", "a,b,kind\n1,2,cat\n3,4,dog\n\n5,6.5,cat\n"));
        Assert.Equal("flowers", d.Name);
        Assert.Equal(TaskKind.Classification, d.Task);
        Assert.Equal((3, 2), (d.Samples, d.FeatureCount));
        Assert.Equal(["cat", "dog"], d.ClassNames!);
        Assert.Equal([0, 1, 0], d.Labels!);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6.5f], d.Features);
        Assert.Equal(["a", "b"], d.FeatureNames!);
    }

    [Fact]
    public void Target_by_name_in_the_middle()
    {
        var d = CsvLoader.Load(Write("t.csv", "x1,price,x2\n1,10.5,2\n3,20.25,4\n5,30,6\n"),
            new CsvOptions { Target = "price" });
        Assert.Equal(TaskKind.Regression, d.Task);
        Assert.Equal([10.5f, 20.25f, 30f], d.Targets!);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], d.Features);
        Assert.Equal(["x1", "x2"], d.FeatureNames!);
    }

    [Fact]
    public void No_header_with_target_by_zero_based_index()
    {
        var d = CsvLoader.Load(Write("n.csv", "0,1.5,2.5\n1,3.5,4.5\n0,5.5,6.5\n2,7.5,8.5\n"),
            new CsvOptions { Header = false, Target = "0" });
        Assert.Equal(TaskKind.Classification, d.Task);
        Assert.Equal(["0", "1", "2"], d.ClassNames!);
        Assert.Equal([0, 1, 0, 2], d.Labels!);
        Assert.Equal((4, 2), (d.Samples, d.FeatureCount));
        Assert.Null(d.FeatureNames);
    }

    [Fact]
    public void Integer_targets_with_few_values_are_classification_unless_the_task_says_regression()
    {
        var path = Write("i.csv", "x,y\n1,3\n2,5\n3,3\n4,5\n");
        Assert.Equal(TaskKind.Classification, CsvLoader.Load(path).Task);
        var r = CsvLoader.Load(path, new CsvOptions { Task = TaskKind.Regression });
        Assert.Equal(TaskKind.Regression, r.Task);
        Assert.Equal([3f, 5f, 3f, 5f], r.Targets!);
    }

    [Fact]
    public void Many_distinct_integer_targets_or_fractions_are_regression()
    {
        var rows = string.Join("\n", Enumerable.Range(0, 30).Select(i => $"{i},{i * 7}"));
        Assert.Equal(TaskKind.Regression, CsvLoader.Load(Write("many.csv", "x,y\n" + rows)).Task);
        Assert.Equal(TaskKind.Regression, CsvLoader.Load(Write("frac.csv", "x,y\n1,0.5\n2,1\n")).Task);
    }

    [Fact]
    public void Whitespace_separated_quoted_and_gzip_files_load()
    {
        var ws = CsvLoader.Load(Write("w.txt", "1 2\t 3\n4  5 6\n"), new CsvOptions { Header = false });
        Assert.Equal((2, 2), (ws.Samples, ws.FeatureCount));

        var q = CsvLoader.Load(Write("q.csv", "a,\"the label\"\n1,\"x, y\"\n2,\"z\"\n"), new CsvOptions { Target = "the label" });
        Assert.Equal(["x, y", "z"], q.ClassNames!);

        var gz = Path.Combine(_dir, "g.csv.gz");
        using (var f = File.Create(gz))
        using (var z = new System.IO.Compression.GZipStream(f, System.IO.Compression.CompressionLevel.Fastest))
        using (var w = new StreamWriter(z))
            w.Write("a,b\n1,2.5\n2,3.5\n");
        var g = CsvLoader.Load(gz);
        Assert.Equal("g", g.Name);
        Assert.Equal([2.5f, 3.5f], g.Targets!);
    }

    [Fact]
    public void Non_numeric_feature_names_file_line_and_column()
    {
        var e = Fails("data.csv", "id,weight,age,label\n1,2,3,a\n1,2,3,b\n1,2,3,a\n1,2,3,b\n1,2,3,a\n1,2,abc,b\n");
        Assert.EndsWith("data.csv:7: column 3 (\"age\"): 'abc' is not a number", e.Message);
        Assert.EndsWith("data.csv", e.File);
        Assert.Equal(7, e.Line);
        Assert.Equal(3, e.Column);
    }

    [Fact]
    public void Empty_feature_cell_is_not_a_number()
    {
        var e = Fails("gap.csv", "a,b,c\n1,,x\n");
        Assert.Contains("gap.csv:2: column 2 (\"b\"): '' is not a number", e.Message);
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("inf")]
    [InlineData("-Infinity")]
    [InlineData("1e999")]
    public void NaN_and_infinite_features_are_rejected(string cell)
    {
        var e = Fails("nf.csv", $"a,b,y\n1,2,0\n1,{cell},1\n");
        Assert.Contains($"nf.csv:3: column 2 (\"b\"): '{cell}'", e.Message);
        Assert.Contains("finite", e.Message);
    }

    [Fact]
    public void NaN_target_is_rejected()
    {
        var e = Fails("nt.csv", "a,y\n1,0.5\n2,nan\n");
        Assert.Contains("nt.csv:3: column 2 (\"y\"):", e.Message);
    }

    [Fact]
    public void Ragged_rows_name_the_missing_or_extra_column()
    {
        var shortRow = Fails("short.csv", "a,b,c\n1,2,3\n4,5\n");
        Assert.Contains("short.csv:3: column 3 (\"c\"): missing", shortRow.Message);
        var longRow = Fails("long.csv", "1,2,3\n4,5,6,7\n", new CsvOptions { Header = false });
        Assert.Contains("long.csv:2: column 4: unexpected", longRow.Message);
    }

    [Fact]
    public void Empty_file_and_header_without_data_are_rejected()
    {
        Assert.Contains("empty.csv:1: the file is empty", Fails("empty.csv", "").Message);
        Assert.Contains("blank.csv:1: the file is empty", Fails("blank.csv", "\n  \n").Message);
        Assert.Contains("head.csv:1: the file has a header but no data rows", Fails("head.csv", "a,b\n\n").Message);
    }

    [Fact]
    public void Missing_target_column_by_name_or_index_is_rejected()
    {
        var byName = Fails("n.csv", "a,b\n1,2\n", new CsvOptions { Target = "price" });
        Assert.Contains("n.csv:1: no target column named \"price\"", byName.Message);
        Assert.Contains("\"a\", \"b\"", byName.Message);
        var byIndex = Fails("i.csv", "a,b\n1,2\n", new CsvOptions { Target = "2" });
        Assert.Contains("i.csv:1: target column index 2 is out of range", byIndex.Message);
        var noHeader = Fails("h.csv", "1,2\n", new CsvOptions { Header = false, Target = "price" });
        Assert.Contains("h.csv:1:", noHeader.Message);
        Assert.Contains("no header", noHeader.Message);
    }

    [Fact]
    public void A_typo_in_a_numeric_target_is_reported_not_turned_into_classes()
    {
        var e = Fails("typo.csv", "x,y\n1,10.5\n2,11.5\n3,12..5\n");
        Assert.Contains("typo.csv:4: column 2 (\"y\"): '12..5' is not a number", e.Message);
        var forced = Fails("forced.csv", "x,y\n1,10.5\n2,abc\n", new CsvOptions { Task = TaskKind.Regression });
        Assert.Contains("forced.csv:3: column 2 (\"y\"): 'abc' is not a number", forced.Message);
    }

    [Fact]
    public void Single_class_single_column_unterminated_quote_and_missing_file_are_rejected()
    {
        Assert.Contains("single class", Fails("one.csv", "x,y\n1,a\n2,a\n").Message);
        Assert.Contains("one-col.csv:1:", Fails("one-col.csv", "x\n1\n2\n").Message);
        Assert.Contains("q.csv:2: column 2: unterminated", Fails("q.csv", "a,b\n1,\"x\n").Message);
        var missing = Assert.Throws<DataException>(() => CsvLoader.Load(Path.Combine(_dir, "nope.csv")));
        Assert.Contains("nope.csv: file not found", missing.Message);
    }
}
