using System.Globalization;

namespace Hpo.Coordinator.Tests.Cli;

/// <summary>`hpo predict` reads the model's features by the names it was trained on, whatever the column order.</summary>
public class PredictByNameTests
{
    private static readonly string[] Rows = Enumerable.Range(0, 80).Select(i =>
    {
        double a = i % 9 * 0.3, b = i % 7 * 0.5 - 1, c = i % 5 * 0.7;
        return string.Create(CultureInfo.InvariantCulture, $"{a},{b},{c},{2 * a - b + 0.5 * c}");
    }).ToArray();

    /// <summary>The training rows with their columns (a, b, c, y) rearranged by <paramref name="order"/>.</summary>
    private static string Csv(string header, params int[] order) =>
        string.Join('\n', (header.Length == 0 ? [] : new[] { header })
            .Concat(Rows.Select(r => r.Split(',')).Select(cells => string.Join(',', order.Select(i => i < 0 ? "x" : cells[i]))))) + "\n";

    private static async Task<(TempDir Dir, string Model, string Training)> Trained()
    {
        var dir = new TempDir();
        var training = dir.Write("train.csv", Csv("a,b,c,y", 0, 1, 2, 3));
        var spec = dir.Write("spec.yaml", "data: {csv: train.csv, validation: 0.2}\nmodel: {units: [8]}\ntraining: {max_epochs: 5}\n");
        var model = Path.Combine(dir.Path, "m.hpo");
        var train = await CliRun.Of("train", spec, "--save", model);
        Assert.True(train.ExitCode == 0, train.Stderr);
        return (dir, model, training);
    }

    [Fact]
    public async Task Shuffled_columns_and_extra_columns_give_the_same_predictions_as_the_training_csv()
    {
        var (dir, model, training) = await Trained();
        using var _ = dir;
        var expected = await CliRun.Of("predict", model, training);
        Assert.True(expected.ExitCode == 0, expected.Stderr);
        Assert.Equal(Rows.Length + 1, expected.Stdout.Trim().Split('\n').Length);
        Assert.Equal("", expected.Stderr);

        var shuffled = await CliRun.Of("predict", model, dir.Write("shuffled.csv", Csv("c,y,a,b", 2, 3, 0, 1)));
        var extra = await CliRun.Of("predict", model, dir.Write("extra.csv", Csv("id,b,note,a,y,c", 3, 1, -1, 0, 3, 2)));
        Assert.True(shuffled.ExitCode == 0, shuffled.Stderr);
        Assert.True(extra.ExitCode == 0, extra.Stderr);
        Assert.Equal(expected.Stdout, shuffled.Stdout);
        Assert.Equal(expected.Stdout, extra.Stdout);

        // The shuffle matters: the same shuffled cells read by position predict something else.
        var positional = await CliRun.Of("predict", model, dir.Write("positional.csv", Csv("", 2, 3, 0, 1)));
        Assert.True(positional.ExitCode == 0, positional.Stderr);
        Assert.NotEqual(expected.Stdout, positional.Stdout);
    }

    [Fact]
    public async Task A_missing_feature_is_one_error_naming_it()
    {
        var (dir, model, _) = await Trained();
        using var _dir = dir;
        var run = await CliRun.Of("predict", model, dir.Write("missing.csv", Csv("a,c,y,z", 0, 2, 3, 1)));
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.Contains("missing.csv:1: no column 'b', a feature the model was trained on", run.Stderr);
    }

    [Fact]
    public async Task A_model_file_with_one_byte_flipped_is_one_error_not_garbage_predictions()
    {
        var (dir, model, training) = await Trained();
        using var _dir = dir;
        var bytes = await File.ReadAllBytesAsync(model);
        // A byte of the last weights, just before the checksum and the end marker.
        bytes[bytes.Length - 8 - 32 - 3] ^= 0x01;
        var damaged = Path.Combine(dir.Path, "damaged.hpo");
        await File.WriteAllBytesAsync(damaged, bytes);
        var run = await CliRun.Of("predict", damaged, training);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.Contains("damaged.hpo: corrupt (its checksum does not match its contents", run.Stderr);
    }

    [Fact]
    public async Task A_feature_named_twice_in_the_header_is_an_error()
    {
        var (dir, model, _) = await Trained();
        using var _dir = dir;
        var run = await CliRun.Of("predict", model, dir.Write("twice.csv", Csv("a,b,c,a", 0, 1, 2, 3)));
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.Contains("twice.csv:1: the header has the model's feature 'a' 2 times (columns 1, 4)", run.Stderr);
    }

    [Fact]
    public async Task A_headerless_csv_of_the_models_width_is_read_in_order_with_one_note()
    {
        var (dir, model, training) = await Trained();
        using var _dir = dir;
        var expected = await CliRun.Of("predict", model, training);
        var run = await CliRun.Of("predict", model, dir.Write("bare.csv", Csv("", 0, 1, 2)));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(expected.Stdout, run.Stdout);
        Assert.Equal($"note: {Path.Combine(dir.Path, "bare.csv")} has no header row matching the model's features; reading its 3 columns in the model's order",
            run.Stderr.Trim());
    }
}
