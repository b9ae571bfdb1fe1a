namespace Hpo.Engine.Data;

/// <summary>
/// Turns a <see cref="DataOptions"/> into data: a built-in dataset (digits, iris, diabetes,
/// fashion-mnist), a seeded generator (blobs, circles, moons, regression, classification) or a CSV file.
/// Names are case-insensitive. Every problem throws a <see cref="DataException"/>.
/// </summary>
public static class DataLoader
{
    public const string FashionMnistName = "fashion-mnist";

    /// <summary>Built-in dataset names, including fashion-mnist.</summary>
    public static IReadOnlyList<string> BuiltinNames { get; } = [.. BuiltinDatasets.Names, FashionMnistName];

    public static IReadOnlyList<string> GeneratorNames { get; } = ["blobs", "circles", "moons", "regression", "classification"];

    public static IReadOnlyList<string> KnownNames { get; } = [.. BuiltinNames, .. GeneratorNames];

    /// <summary>
    /// Loads the whole dataset (for fashion-mnist: the 60,000 training images; see <see cref="LoadSplit"/>
    /// for its official test set). A relative CSV path is resolved against <paramref name="baseDirectory"/>
    /// (default: the current directory).
    /// </summary>
    public static Dataset Load(DataOptions options, string? baseDirectory = null)
    {
        var name = CheckSource(options);
        if (name is null) return LoadCsv(options, baseDirectory);
        return name switch
        {
            FashionMnistName => FashionMnist.LoadTrain(),
            "digits" or "iris" or "diabetes" => BuiltinDatasets.Load(name),
            _ => Generate(name, options),
        };
    }

    /// <summary>
    /// Loads and splits with <see cref="DataSplitter"/> using the options' fractions and split seed.
    /// For fashion-mnist the official 10,000-image test set is the test part (the Test fraction is
    /// ignored) and validation is drawn, stratified, from the training images.
    /// </summary>
    public static DataSplit LoadSplit(DataOptions options, string? baseDirectory = null)
    {
        var name = CheckSource(options);
        if (name == FashionMnistName)
        {
            DataSplitter.ValidateFractions(options.Validation, 0);
            var split = DataSplitter.Split(FashionMnist.LoadTrain(), options.Validation, 0, options.SplitSeed);
            return split with { Test = FashionMnist.LoadTest() };
        }
        DataSplitter.ValidateFractions(options.Validation, options.Test);
        return DataSplitter.Split(Load(options, baseDirectory), options.Validation, options.Test, options.SplitSeed);
    }

    /// <summary>Generates a named synthetic dataset from the options' generator parameters and DataSeed.</summary>
    public static Dataset Generate(string name, DataOptions o) => name.ToLowerInvariant() switch
    {
        "blobs" => Generators.Blobs(o.Samples, o.Features, o.Centers, o.ClusterStd, o.DataSeed),
        "circles" => Generators.Circles(o.Samples, o.Noise, o.Factor, o.DataSeed),
        "moons" => Generators.Moons(o.Samples, o.Noise, o.DataSeed),
        "regression" => Generators.Regression(o.Samples, o.Features, o.Informative, o.Noise, o.DataSeed),
        "classification" => Generators.Classification(o.Samples, o.Features, o.Informative, o.Classes, o.DataSeed),
        _ => throw Unknown(name),
    };

    /// <summary>The normalised dataset name, or null for a CSV source.</summary>
    private static string? CheckSource(DataOptions options)
    {
        bool hasName = !string.IsNullOrWhiteSpace(options.Dataset);
        bool hasCsv = !string.IsNullOrWhiteSpace(options.Csv);
        if (hasName == hasCsv)
            throw new DataException(hasName
                ? $"data: set either dataset ('{options.Dataset}') or csv ('{options.Csv}'), not both"
                : $"data: set a dataset ({string.Join(", ", KnownNames)}) or a csv path");
        if (!hasName) return null;
        var name = options.Dataset!.Trim().ToLowerInvariant();
        if (!KnownNames.Contains(name)) throw Unknown(options.Dataset!);
        return name;
    }

    private static Dataset LoadCsv(DataOptions options, string? baseDirectory)
    {
        var path = options.Csv!;
        if (!Path.IsPathRooted(path) && baseDirectory is not null) path = Path.Combine(baseDirectory, path);
        return CsvLoader.Load(path, new CsvOptions { Header = options.Header, Target = options.Target, Task = options.Task, WeightColumn = options.Weight });
    }

    private static DataException Unknown(string name) =>
        new($"unknown dataset '{name}'; known datasets: {string.Join(", ", BuiltinNames)}; generators: {string.Join(", ", GeneratorNames)}; or give a csv path");
}
