using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Engine.Tests.Data;

public class DataLoaderTests
{
    [Fact]
    public void Loads_builtins_by_name_case_insensitively()
    {
        Assert.Equal(150, DataLoader.Load(new DataOptions { Dataset = "Iris" }).Samples);
        Assert.Equal(1797, DataLoader.Load(new DataOptions { Dataset = "digits" }).Samples);
        Assert.Equal(TaskKind.Regression, DataLoader.Load(new DataOptions { Dataset = "diabetes" }).Task);
    }

    [Fact]
    public void Generators_use_the_options_parameters_and_data_seed()
    {
        var o = new DataOptions { Dataset = "blobs", Samples = 120, Features = 5, Centers = 4, DataSeed = 3 };
        var d = DataLoader.Load(o);
        Assert.Equal((120, 5, 4), (d.Samples, d.FeatureCount, d.ClassCount));
        Assert.Equal(d.Features, DataLoader.Load(o).Features);
        Assert.NotEqual(d.Features, DataLoader.Load(o with { DataSeed = 4 }).Features);

        Assert.Equal(2, DataLoader.Load(new DataOptions { Dataset = "moons", Samples = 50 }).FeatureCount);
        Assert.Equal(2, DataLoader.Load(new DataOptions { Dataset = "circles", Samples = 50 }).ClassCount);
        var r = DataLoader.Load(new DataOptions { Dataset = "regression", Samples = 40, Features = 6, Informative = 2 });
        Assert.Equal((40, 6, TaskKind.Regression), (r.Samples, r.FeatureCount, r.Task));
        var c = DataLoader.Load(new DataOptions { Dataset = "classification", Samples = 90, Features = 4, Informative = 2, Classes = 3 });
        Assert.Equal((90, 4, 3), (c.Samples, c.FeatureCount, c.ClassCount));
    }

    [Fact]
    public void Unknown_name_lists_the_known_names()
    {
        var e = Assert.Throws<DataException>(() => DataLoader.Load(new DataOptions { Dataset = "mnist" }));
        Assert.Contains("'mnist'", e.Message);
        foreach (var name in DataLoader.KnownNames) Assert.Contains(name, e.Message);
    }

    [Fact]
    public void Exactly_one_of_dataset_and_csv_is_required()
    {
        Assert.Throws<DataException>(() => DataLoader.Load(new DataOptions()));
        Assert.Throws<DataException>(() => DataLoader.Load(new DataOptions { Dataset = "iris", Csv = "a.csv" }));
    }

    [Fact]
    public void Csv_paths_resolve_against_the_base_directory_and_use_the_options()
    {
        var dir = Directory.CreateTempSubdirectory("hpo-loader-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "d.csv"), "y,a\n1,5\n2,6\n1,7\n");
            var o = new DataOptions { Csv = "d.csv", Target = "y" };
            var d = DataLoader.Load(o, dir);
            Assert.Equal((TaskKind.Classification, 3, 1), (d.Task, d.Samples, d.FeatureCount));
            var r = DataLoader.Load(o with { Task = TaskKind.Regression }, dir);
            Assert.Equal([1f, 2f, 1f], r.Targets!);
            var e = Assert.Throws<DataException>(() => DataLoader.Load(o with { Csv = "missing.csv" }, dir));
            Assert.Contains("missing.csv", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void LoadSplit_applies_the_fractions_and_split_seed()
    {
        var o = new DataOptions { Dataset = "iris", Validation = 0.2, Test = 0.2, SplitSeed = 5 };
        var s = DataLoader.LoadSplit(o);
        Assert.Equal((90, 30, 30), (s.Train.Samples, s.Validation.Samples, s.Test!.Samples));
        Assert.Equal(s.Train.Features, DataLoader.LoadSplit(o).Train.Features);
        Assert.Throws<DataException>(() => DataLoader.LoadSplit(o with { Validation = 0.9 }));
    }
}
