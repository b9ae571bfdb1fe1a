using System.Text.Json;

namespace Hpo.Coordinator.Tests.Cli;

public class TrainCommandTests
{
    [Fact]
    public async Task Training_the_digits_example_reaches_the_expected_validation_accuracy()
    {
        var run = await CliRun.Of("train", CliRun.RepositoryFile("examples/digits-train.yaml"), "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("epoch   1/30", run.Stdout);
        using var json = JsonDocument.Parse(run.LastLine);
        double accuracy = json.RootElement.GetProperty("val_accuracy").GetDouble();
        Assert.True(accuracy >= 0.96, $"digits validation accuracy {accuracy}");
        Assert.Equal(accuracy, json.RootElement.GetProperty("objective").GetProperty("value").GetDouble());
        Assert.True(json.RootElement.GetProperty("epochs").GetInt32() >= 1);
        Assert.True(json.RootElement.TryGetProperty("train_loss", out _));
        Assert.True(json.RootElement.TryGetProperty("val_loss", out _));
        Assert.True(json.RootElement.TryGetProperty("seconds", out _));
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("issues").ValueKind);
        // No false alarm on a healthy example. Its validation loss does climb about 20% from epoch 10 while the
        // training loss keeps falling (the accuracy holds; early stopping watches it): the log rightly reports over-fitting.
        Assert.All(json.RootElement.GetProperty("issues").EnumerateArray(), i => Assert.Equal("overfitting", i.GetProperty("kind").GetString()));
    }

    private const string SmallModel = """
        model: {layers: 1, units: 8}
        training: {max_epochs: 2, batch_size: 4}
        """;

    public static TheoryData<string, string, string> BrokenCsvs() => new()
    {
        { "ragged", "a,b,y\n1,2,0\n3,4\n5,6,1\n", ":3:" },
        { "non-numeric", "a,b,y\n1,2,0\n3,abc,1\n5,6,1\n", ":3: column 2" },
        { "nan", "a,b,y\n1,2,0\n3,NaN,1\n5,6,1\n", ":3: column 2" },
        { "infinite", "a,b,y\n1,2,0\n3,4,1\n5,inf,1\n", ":4: column 2" },
        { "empty", "", "empty" },
    };

    [Theory]
    [MemberData(nameof(BrokenCsvs))]
    public async Task A_broken_csv_gets_one_message_naming_file_line_and_column(string name, string csv, string where)
    {
        using var dir = new TempDir();
        dir.Write($"{name}.csv", csv);
        var spec = dir.Write("spec.yaml", $"data: {{csv: {name}.csv, validation: 0.0}}\n{SmallModel}");
        var run = await CliRun.Of("train", spec);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{name}.csv", run.Stderr);
        Assert.Contains(where, run.Stderr);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public async Task A_missing_target_column_is_named()
    {
        using var dir = new TempDir();
        dir.Write("data.csv", "a,b,y\n1,2,0\n3,4,1\n");
        var spec = dir.Write("spec.yaml", $"data: {{csv: data.csv, target: label, validation: 0.0}}\n{SmallModel}");
        var run = await CliRun.Of("train", spec);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("data.csv", run.Stderr);
        Assert.Contains("label", run.Stderr);
    }

    public static TheoryData<string, string, string> BadSpecs() => new()
    {
        { "data: {dataset: iris}\nmodel: {layers: 1, units: 8, colour: red}\n", "model.colour", ":2:" },
        { "data: {dataset: iris}\nmodel:\n  layers: 1\n  units: 0\n", "model.units", ":4:" },
        { "data: {dataset: iris}\nmodel:\n  hidden: [8, -2]\n", "model.hidden", ":3:" },
        { "data: {dataset: iris}\ntraining:\n  learning_rate: -0.1\n", "training.learning_rate", ":3:" },
        { "data: {dataset: iris}\ntraining:\n  learning_rate: 0\n", "training.learning_rate", ":3:" },
        { "data: {dataset: iris}\nmodel:\n  activation: swish2\n", "model.activation", ":3:" },
        { "data: {dataset: iris}\ntraining:\n  loss: cross_entropy\n", "training.loss", ":3:" },
        { "data: {dataset: iris, validation: 0.2}\ntraining:\n  max_epochs: 1\n  batch_size: 1000\n", "training.batch_size", ":4:" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public async Task A_bad_spec_gets_one_message_naming_the_key_path_and_line(string yaml, string path, string line)
    {
        using var dir = new TempDir();
        var spec = dir.Write("model.yaml", yaml);
        var run = await CliRun.Of("train", spec);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"model.yaml{line} {path}", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public async Task A_missing_spec_file_is_a_clear_error()
    {
        var run = await CliRun.Of("train", "/nonexistent/spec.yaml");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("spec.yaml", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public async Task A_diverging_run_is_reported_with_a_non_zero_exit_not_a_crash()
    {
        using var dir = new TempDir();
        var spec = dir.Write("explode.yaml", """
            data: {dataset: regression, samples: 500, features: 20, informative: 20, noise: 0.1}
            task: regression
            model: {layers: 1, units: 25, init: he_uniform}
            training: {optimizer: momentum, learning_rate: 0.01, momentum: 0.9, batch_size: 32, max_epochs: 20, loss: mse, target_scaling: none}
            """);
        var run = await CliRun.Of("train", spec, "--json");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("DIVERGED", run.Stdout);
        using var json = JsonDocument.Parse(run.LastLine);
        Assert.True(json.RootElement.GetProperty("diverged").GetBoolean());

        // The issues log: the unscaled targets before training, then the divergence with its evidence and advice.
        var issues = json.RootElement.GetProperty("issues").EnumerateArray().ToArray();
        Assert.Equal("unscaled_targets", issues[0].GetProperty("kind").GetString());
        Assert.Equal(0, issues[0].GetProperty("epoch").GetInt32());
        Assert.Contains("target_scaling none", issues[0].GetProperty("evidence").GetString());
        var divergence = Assert.Single(issues, i => i.GetProperty("kind").GetString() == "divergence");
        Assert.Equal(json.RootElement.GetProperty("epochs").GetInt32(), divergence.GetProperty("epoch").GetInt32());
        Assert.Contains("non-finite", divergence.GetProperty("evidence").GetString());
        Assert.Contains("learning rate", divergence.GetProperty("advice").GetString());
        Assert.Contains(issues, i => i.GetProperty("kind").GetString() == "exploding_gradients");

        var lines = run.Stdout.Split('\n');
        int header = Array.IndexOf(lines, "issues:");
        Assert.True(header >= 0, run.Stdout);
        Assert.StartsWith("  - before training: unscaled_targets: target_scaling none", lines[header + 1]);
        Assert.Contains(lines, l => l.StartsWith("  - epoch ") && l.Contains(": divergence: ") && l.Contains("Lower the learning rate"));
    }
}
