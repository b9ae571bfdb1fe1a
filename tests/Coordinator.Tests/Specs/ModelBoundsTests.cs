using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Specs;

/// <summary>A network too large to build is refused at the spec's line, by `hpo train` and by a sweep.</summary>
public class ModelBoundsTests
{
    public static TheoryData<string, string> TooLarge() => new()
    {
        { "model: {units: 1000000, layers: 2}", "spec.yaml:2: model.units: must be in [1, 16384] (got 1000000)" },
        { "model: {hidden: [64, 1000000]}", "model.hidden[1]: must be in [1, 16384] (got 1000000)" },
        { "model: {layers: 1000, units: 8}", "model.layers: must be in [0, 64] (got 1000)" },
        { "model: {units: [16384, 16384]}", "model.units: 2 hidden layers of 16384, 16384 units hold 268435456 weights between them; at most 50000000 are allowed" },
    };

    [Theory]
    [MemberData(nameof(TooLarge))]
    public async Task Hpo_train_refuses_a_network_beyond_the_bounds_in_one_line(string model, string expected)
    {
        using var dir = new TempDir();
        var spec = dir.Write("spec.yaml", $"data: {{dataset: iris}}\n{model}\ntraining: {{max_epochs: 1}}\n");
        var run = await CliRun.Of("train", spec);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("Overflow", run.Stderr);
    }

    [Theory]
    [InlineData("units: {int: [8, 1000000]}", "model.units.int")]
    [InlineData("layers: {int: [1, 3]}\n  units: {per_layer: {logint: [8, 1000000]}}", "model.units.per_layer")]
    [InlineData("layers: {choice: [2, 200]}\n  units: 8", "model.layers")]
    public async Task A_sweep_whose_space_can_sample_beyond_the_bounds_is_refused(string space, string path)
    {
        using var dir = new TempDir();
        var spec = dir.Write("sweep.yaml", $"name: big\ndata: {{dataset: iris}}\nmodel:\n  {space}\ntraining: {{max_epochs: 1}}\nsearch: {{trials: 2}}\n");
        var run = await CliRun.Of("run", spec, "--data-dir", Path.Combine(dir.Path, "data"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(path, run.Stderr);
        Assert.Contains("must be in", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }
}
