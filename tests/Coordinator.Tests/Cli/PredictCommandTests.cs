using System.Globalization;

namespace Hpo.Coordinator.Tests.Cli;

public class PredictCommandTests
{
    [Fact]
    public async Task A_saved_classifier_predicts_class_names_with_probabilities()
    {
        using var dir = new TempDir();
        var csv = dir.Write("train.csv", string.Join('\n', new[] { "x,y,kind" }.Concat(
            Enumerable.Range(0, 120).Select(i => i % 2 == 0 ? $"{i % 7 * 0.1},{1 + i % 5 * 0.1},left" : $"{3 + i % 7 * 0.1},{-1 - i % 5 * 0.1},right"))));
        var spec = dir.Write("spec.yaml", "data: {csv: train.csv, validation: 0.25}\nmodel: {units: [8]}\ntraining: {max_epochs: 30, learning_rate: 0.05}\n");
        var model = Path.Combine(dir.Path, "m.hpo");
        var train = await CliRun.Of("train", spec, "--save", model);
        Assert.True(train.ExitCode == 0, train.Stderr);

        var data = dir.Write("new.csv", "x,y\n0.2,1.1\n3.1,-1.3\n");
        var run = await CliRun.Of("predict", model, data);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Trim().Split('\n');
        Assert.Equal("prediction,p_left,p_right", lines[0]);
        Assert.StartsWith("left,", lines[1]);
        Assert.StartsWith("right,", lines[2]);
        var probabilities = lines[1].Split(',').Skip(1).Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(1.0, probabilities.Sum(), 4);

        var withTarget = dir.Write("labelled.csv", "x,y,kind\n0.2,1.1,left\n");
        Assert.StartsWith("left,", (await CliRun.Of("predict", model, withTarget)).Stdout.Split('\n')[1]);
    }

    [Fact]
    public async Task Predicting_with_the_wrong_number_of_columns_or_a_bad_file_is_a_clear_error()
    {
        using var dir = new TempDir();
        var spec = dir.Write("spec.yaml", "data: {dataset: iris}\nmodel: {units: [4]}\ntraining: {max_epochs: 1}\n");
        var model = Path.Combine(dir.Path, "iris.hpo");
        Assert.Equal(0, (await CliRun.Of("train", spec, "--save", model)).ExitCode);

        var wide = await CliRun.Of("predict", model, dir.Write("wide.csv", "1,2,3,4,5,6\n"));
        Assert.Equal(2, wide.ExitCode);
        Assert.Contains("wide.csv:1: the model takes 4 input columns; the file has 6", wide.Stderr);

        var notModel = await CliRun.Of("predict", dir.Write("fake.hpo", "hello world, not a model"), dir.Write("ok.csv", "1,2,3,4\n"));
        Assert.Equal(2, notModel.ExitCode);
        Assert.Contains("not an hpo model file", notModel.Stderr);
    }
}
