using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Sweeps.Specs;

/// <summary>The <c>data</c> section: where the data comes from and how it is split, into <see cref="DataOptions"/>.</summary>
public static class DataSection
{
    public const string Path = "data";

    public static IReadOnlyList<string> BuiltinDatasets { get; } = ["digits", "iris", "diabetes", "fashion-mnist"];
    public static IReadOnlyList<string> Generators { get; } = ["blobs", "circles", "moons", "regression", "classification"];

    /// <summary>The generator keys each generator takes.</summary>
    public static IReadOnlyDictionary<string, string[]> GeneratorKeys { get; } = new Dictionary<string, string[]>
    {
        ["blobs"] = ["samples", "features", "centers", "cluster_std", "data_seed"],
        ["circles"] = ["samples", "noise", "factor", "data_seed"],
        ["moons"] = ["samples", "noise", "data_seed"],
        ["regression"] = ["samples", "features", "informative", "noise", "data_seed"],
        ["classification"] = ["samples", "features", "informative", "classes", "data_seed"],
    };

    private static readonly string[] CsvOnlyKeys = ["target", "header", "weight"];

    public static EnumReader<string> DatasetReader { get; } =
        new("dataset", BuiltinDatasets.Concat(Generators).Select(n => (n, n)));

    public static SpecTable<DataOptions> Table { get; } = new("data",
        SpecKey.Of<DataOptions, string>("dataset", DatasetReader, (d, v) => d with { Dataset = v }),
        SpecKey.Of<DataOptions, string>("csv", SpecValues.Text, (d, v) => d with { Csv = v }),
        SpecKey.Of<DataOptions, string>("target", new ColumnReader(), (d, v) => d with { Target = v }),
        SpecKey.Of<DataOptions, string>("weight", new ColumnReader(), (d, v) => d with { Weight = v }),
        SpecKey.Of<DataOptions, bool>("header", SpecValues.Bool, (d, v) => d with { Header = v }),
        SpecKey.Of<DataOptions, double>("validation", SpecValues.UnitHalfOpen, (d, v) => d with { Validation = v }),
        SpecKey.Of<DataOptions, double>("test", SpecValues.UnitHalfOpen, (d, v) => d with { Test = v }),
        SpecKey.Of<DataOptions, int>("samples", SpecValues.IntegerIn(2, (int)SpecLimits.MaxGeneratedCells), (d, v) => d with { Samples = v }),
        SpecKey.Of<DataOptions, int>("features", SpecValues.IntegerIn(1, (int)SpecLimits.MaxGeneratedCells), (d, v) => d with { Features = v }),
        SpecKey.Of<DataOptions, int>("centers", SpecValues.PositiveInteger, (d, v) => d with { Centers = v }),
        SpecKey.Of<DataOptions, double>("cluster_std", SpecValues.Positive, (d, v) => d with { ClusterStd = v }),
        SpecKey.Of<DataOptions, double>("noise", SpecValues.NonNegative, (d, v) => d with { Noise = v }),
        SpecKey.Of<DataOptions, double>("factor", SpecValues.UnitHalfOpen, (d, v) => d with { Factor = v }),
        SpecKey.Of<DataOptions, int>("informative", SpecValues.PositiveInteger, (d, v) => d with { Informative = v }),
        SpecKey.Of<DataOptions, int>("classes", SpecValues.IntegerAtLeast(2), (d, v) => d with { Classes = v }),
        SpecKey.Of<DataOptions, int>("data_seed", SpecValues.NonNegativeInteger, (d, v) => d with { DataSeed = v }),
        SpecKey.Of<DataOptions, int>("split_seed", SpecValues.NonNegativeInteger, (d, v) => d with { SplitSeed = v }));

    /// <summary>The task a named dataset implies; null for a CSV file (or no dataset).</summary>
    public static TaskKind? KnownTask(string? dataset) => dataset switch
    {
        "digits" or "iris" or "fashion-mnist" or "blobs" or "circles" or "moons" or "classification" => TaskKind.Classification,
        "diabetes" or "regression" => TaskKind.Regression,
        _ => null,
    };

    /// <summary>The number of classes a named dataset has, when known before loading it.</summary>
    public static int? KnownClassCount(DataOptions data) => data.Dataset switch
    {
        "digits" or "fashion-mnist" => 10,
        "iris" => 3,
        "circles" or "moons" => 2,
        "blobs" => data.Centers,
        "classification" => data.Classes,
        _ => null,
    };

    /// <summary>
    /// Reads the section (null when absent), checks the keys against each other, fills the seeds that
    /// were not given from the spec's <paramref name="seed"/> and resolves a relative CSV path.
    /// </summary>
    /// <param name="onSearchSpace">
    /// For a sweep: receives each search space written for a data key (see <see cref="SpecTable{T}.Read"/>);
    /// null refuses search spaces.
    /// </param>
    public static DataOptions Read(SpecEntry? entry, int? seed, SpecContext context,
        Action<ISpecKey<DataOptions>, SpecEntry, string>? onSearchSpace = null)
    {
        if (entry is null)
        {
            context.Error(Path, "missing: give data with a dataset (e.g. dataset: digits) or a csv file");
            return new DataOptions();
        }

        var data = Table.Read(entry.Value, Path, new DataOptions(), context, onSearchSpace);
        var mapping = entry.Value as SpecMapping;
        bool Given(string key) => mapping?.Find(key) is not null;
        bool Searched(string key) => mapping?.Find(key) is { } e && SearchSpaceSyntax.TryGetKind(e.Value, out _);

        if (entry.Value is SpecMapping or SpecScalar { IsNull: true })
        {
            if (Given("dataset") && Given("csv"))
                context.Error(SpecPath.Join(Path, "csv"), "give either dataset or csv, not both");
            else if (!Given("dataset") && !Given("csv"))
                context.Error(Path, entry.Key,
                    $"needs a dataset ({string.Join(", ", BuiltinDatasets.Concat(Generators))}) or a csv file");
        }

        CheckKeysFitSource(data, mapping, context);

        // With samples or features searched, the sweep checks the size at the search's largest values instead.
        CheckValues(data, Given("test"), Given("informative") && !Searched("informative") && !Searched("features"), context,
            checkSize: !Searched("samples") && !Searched("features"));

        if (seed is { } s)
        {
            if (!Given("data_seed")) data = data with { DataSeed = s };
            if (!Given("split_seed")) data = data with { SplitSeed = s };
        }
        if (data.Csv is { } csv) data = data with { Csv = UploadedOrPath(csv, context) };
        return data;
    }

    /// <summary>
    /// A dataset id (<c>sha256:</c> and its hex, normalised) names an uploaded dataset, fetched by the workers that train
    /// it; anything else is a path, resolved against the spec's directory. <c>hpo train</c> reads files only.
    /// </summary>
    private static string UploadedOrPath(string csv, SpecContext context)
    {
        if (!DatasetId.LooksLikeId(csv)) return context.ResolvePath(csv);
        var key = SpecPath.Join(Path, "csv");
        if (!DatasetId.TryParse(csv, out var id))
            context.Error(key, $"'{csv}' is not a dataset id: write {DatasetId.Syntax}, or a file's path");
        else if (context.Command == TrainSpecParser.Command)
            context.Error(key, $"{id} names a dataset uploaded to a cluster; {context.Command} reads a CSV file: give its path");
        return TryNormalise(csv);
    }

    private static string TryNormalise(string csv) => DatasetId.TryParse(csv, out var id) ? id.ToString() : csv;

    /// <summary>The uploaded dataset <paramref name="data"/> names, or null when it reads a file (or no CSV at all).</summary>
    public static DatasetId? Uploaded(DataOptions data) => DatasetId.TryParse(data.Csv, out var id) ? id : null;

    /// <summary>
    /// Checks values against each other: the hold-outs leave data to train on, and a generator has no
    /// more informative features than features, and a generated dataset fits <see cref="SpecLimits.MaxGeneratedCells"/>.
    /// A sweep repeats it per sampled configuration.
    /// </summary>
    public static void CheckValues(DataOptions data, bool testGiven, bool informativeGiven, SpecContext context, bool checkSize = true)
    {
        if (data.Validation + data.Test >= 1)
            context.Error(SpecPath.Join(Path, testGiven ? "test" : "validation"),
                $"validation + test must be < 1 (got {SpecScalars.Show(data.Validation)} + {SpecScalars.Show(data.Test)})");

        if (data.Dataset is "classification" or "regression" && informativeGiven && data.Informative > data.Features)
            context.Error(SpecPath.Join(Path, "informative"),
                $"must be <= features ({data.Features}) (got {data.Informative})");

        if (checkSize) CheckGeneratedSize(data.Dataset, data.Samples, data.Features, "", context);
    }

    /// <summary>The cells (samples x features) a generator makes; null for a built-in dataset or a CSV file.</summary>
    public static long? GeneratedCells(string? dataset, long samples, long features) => dataset switch
    {
        "circles" or "moons" => samples * 2,
        "blobs" or "regression" or "classification" => samples * features,
        _ => null,
    };

    /// <summary>
    /// A generated dataset of at most <see cref="SpecLimits.MaxGeneratedCells"/> cells: it is built in memory by
    /// every trial. <paramref name="qualifier"/> says which values were checked ("at most " for a search's largest).
    /// </summary>
    public static void CheckGeneratedSize(string? dataset, long samples, long features, string qualifier, SpecContext context)
    {
        if (GeneratedCells(dataset, samples, features) is not { } cells || cells <= SpecLimits.MaxGeneratedCells) return;
        var shape = dataset is "circles" or "moons" ? $"{qualifier}{samples:N0} samples x 2 features" : $"{qualifier}{samples:N0} samples x {qualifier}{features:N0} features";
        context.Error(SpecPath.Join(Path, "samples"),
            $"the generated dataset would be {shape} = {cells:N0} cells; at most {SpecLimits.MaxGeneratedCells:N0} are allowed (40 MB of floats, held by every trial)");
    }

    /// <summary>Generator keys only for the generators that take them; target and header only for a CSV.</summary>
    private static void CheckKeysFitSource(DataOptions data, SpecMapping? mapping, SpecContext context)
    {
        if (mapping is null) return;
        var generatorKeys = GeneratorKeys.Values.SelectMany(k => k).ToHashSet();
        foreach (var e in mapping.Entries)
        {
            var path = SpecPath.Join(Path, e.Name);
            if (generatorKeys.Contains(e.Name) && data.Dataset is { } name)
            {
                if (!GeneratorKeys.TryGetValue(name, out var takes))
                    context.Error(path, e.Key,
                        $"applies to generated datasets only ({string.Join(", ", Generators)}), not to {name}");
                else if (!takes.Contains(e.Name))
                    context.Error(path, e.Key, $"does not apply to {name} (its keys: {string.Join(", ", takes)})");
            }
            else if (generatorKeys.Contains(e.Name) && data.Csv is not null)
            {
                context.Error(path, e.Key, "applies to generated datasets only, not to a csv file");
            }
            else if (CsvOnlyKeys.Contains(e.Name) && data.Dataset is not null && data.Csv is null)
            {
                context.Error(path, e.Key, "applies to a csv file only");
            }
        }
    }
}
