using Hpo.Engine.Options;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Specs;

/// <summary>Every spec in examples/ parses; the ones the documentation leans on hold what they say.</summary>
public class ExampleSpecTests
{
    private static string ExamplesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
                return Path.Combine(dir.FullName, "examples");
        throw new DirectoryNotFoundException("no Cluster.sln above " + AppContext.BaseDirectory);
    }

    internal static string ExamplesPath() => ExamplesDirectory();

    /// <summary>The example files: training specs, or (with <paramref name="sweeps"/>) sweeps, the documents with a search section.</summary>
    internal static IEnumerable<string> Names(bool sweeps = false) =>
        Directory.EnumerateFiles(ExamplesDirectory())
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Where(f => IsSweep(f) == sweeps)
            .Select(f => Path.GetFileName(f))
            .Order(StringComparer.Ordinal);

    private static bool IsSweep(string file) =>
        SpecYamlReader.Read(File.ReadAllText(file), file) is SpecMapping root && root.Find("search") is not null;

    public static TheoryData<string> Files() => new(Names());

    private static TrainSpec Load(string name) => TrainSpecParser.ParseFile(Path.Combine(ExamplesDirectory(), name));

    [Theory]
    [MemberData(nameof(Files))]
    public void Parses(string file)
    {
        var spec = Load(file);
        Assert.False(string.IsNullOrEmpty(spec.Name));
        Assert.NotNull(spec.Task);
    }

    [Fact]
    public void There_are_the_documented_examples() =>
        Assert.Superset(new HashSet<string> { "digits-train.yaml", "circles-deep-relu.yaml", "diabetes-regression.yaml", "fashion-mnist-train.yaml" },
            Names().ToHashSet());

    [Fact]
    public void Digits_is_a_two_layer_relu_network_with_adam()
    {
        var spec = Load("digits-train.yaml");
        Assert.Equal("digits", spec.Data.Dataset);
        Assert.Equal([128, 128], spec.Model.HiddenUnits);
        Assert.Equal(ActivationKind.Relu, spec.Model.Activation);
        Assert.Equal(OptimizerKind.Adam, spec.Training.Optimizer);
        Assert.InRange(spec.Training.MaxEpochs, 20, 30);
        Assert.Equal("val_accuracy", spec.Training.EarlyStopping!.Monitor);
    }

    [Fact]
    public void Diabetes_standardizes_the_target()
    {
        var spec = Load("diabetes-regression.yaml");
        Assert.Equal(TaskKind.Regression, spec.Task);
        Assert.Equal(ScalingKind.Standardize, spec.Training.TargetScaling);
    }

    [Fact]
    public void Fashion_mnist_is_784_256_128_10_for_10_epochs()
    {
        var spec = Load("fashion-mnist-train.yaml");
        Assert.Equal("fashion-mnist", spec.Data.Dataset);
        Assert.Equal([256, 128], spec.Model.HiddenUnits);
        Assert.Equal(10, spec.Training.MaxEpochs);
    }

    [Fact]
    public void Circles_is_deep()
    {
        var spec = Load("circles-deep-relu.yaml");
        Assert.Equal("circles", spec.Data.Dataset);
        Assert.True(spec.Model.HiddenUnits.Count >= 3);
        Assert.Equal(2, spec.Training.Schedule.WarmupEpochs);
    }
}
