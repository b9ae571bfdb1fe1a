using Hpo.Engine.Data;
using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// Opens a sweep's data once before the sweep is journaled, so that a data mistake is one error at the spec's line
/// instead of a failure in every trial: the CSV file exists, is readable and within <see cref="SpecLimits.MaxCsvBytes"/>,
/// its target and weight columns exist (a misspelt name gets the closest column), and it loads (numbers, no NaN or
/// infinity, at least two classes for classification: <see cref="CsvLoader"/> decides); then, for every source, each
/// split the fractions ask for gets rows and the training split holds the largest batch the search may take.
/// Built-in and generated datasets are not built: their row counts are known.
/// </summary>
/// <remarks>
/// The sweep registry does not run it: it is a cluster singleton whose mailbox must not wait on reading a file of up to
/// 1 GiB. <c>hpo run</c> and <c>POST /sweeps</c> (which <c>hpo submit</c> uses) run it before they ask the registry.
/// </remarks>
public static class DataPreflight
{
    private static readonly IReadOnlyDictionary<string, int> BuiltinRows = new Dictionary<string, int>
    {
        ["digits"] = 1797,
        ["iris"] = 150,
        ["diabetes"] = 442,
        [DataLoader.FashionMnistName] = 60_000,
    };

    /// <param name="sweep">The parsed sweep.</param>
    /// <param name="uploaded">
    /// When <c>data.csv</c> names an uploaded dataset (<c>sha256:...</c>): this node's copy of it, or null when the node
    /// has no such dataset. Without it such a sweep is refused: only a coordinator's API holds the uploads.
    /// </param>
    /// <exception cref="SpecException">Every problem found, each at its key's line.</exception>
    public static void Check(SweepSpec sweep, Func<DatasetId, string?>? uploaded = null)
    {
        var errors = new SpecErrorList();
        SplitRows? rows = null;
        if (DataSection.Uploaded(sweep.Data) is { } id)
        {
            if (uploaded is null)
                Add(errors, sweep, "data.csv", $"{id} names a dataset uploaded to a cluster; submit the sweep there (hpo submit), or give the CSV file's path");
            else if (uploaded(id) is { } file)
                rows = CsvRows(sweep, file, errors);
            else
                Add(errors, sweep, "data.csv", $"the coordinator has no dataset {id}; upload it first (POST /datasets, or hpo submit with the CSV file's path in the spec)");
        }
        else rows = sweep.Data.Csv is { } csv ? CsvRows(sweep, csv, errors) : KnownRows(sweep);
        if (rows is { } split) CheckSplit(sweep, split, errors);
        errors.ThrowIfAny(sweep.SourceName);
    }

    /// <summary>The rows of each part; exact for a file (split as the trials split it), else from the fractions.</summary>
    private readonly record struct SplitRows(long Total, long Train, long Validation, long Test, bool Exact);

    private static SplitRows? KnownRows(SweepSpec sweep)
    {
        var data = sweep.Data;
        long total;
        if (data.Dataset is { } name && BuiltinRows.TryGetValue(name, out var known)) total = known;
        else if (DataSection.GeneratedCells(data.Dataset, 1, 1) is not null)
            total = sweep.Space.Find("data.samples") is { } searched ? DomainExtent.MinInteger(searched.Domain) ?? data.Samples : data.Samples;
        else return null;

        // Fashion-MNIST's test part is its own 10,000 images; validation comes from the training images.
        var fashion = data.Dataset == DataLoader.FashionMnistName;
        var validation = (long)Math.Round(total * data.Validation);
        var test = fashion ? 0 : (long)Math.Round(total * data.Test);
        return new SplitRows(total, total - validation - test, validation, fashion ? 10_000 : test, false);
    }

    private static SplitRows? CsvRows(SweepSpec sweep, string path, SpecErrorList errors)
    {
        var data = sweep.Data;
        FileInfo file;
        try
        {
            file = new FileInfo(path);
            if (!file.Exists)
            {
                Add(errors, sweep, "data.csv", Missing(path));
                return null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Add(errors, sweep, "data.csv", $"cannot read {path}: {e.Message}");
            return null;
        }
        if (file.Length > SpecLimits.MaxCsvBytes)
        {
            Add(errors, sweep, "data.csv",
                $"{path} is {file.Length:N0} bytes; a csv file may be at most {SpecLimits.MaxCsvBytes:N0} bytes (1 GiB): every trial holds it in memory");
            return null;
        }

        var options = new CsvOptions { Header = data.Header, Target = data.Target, Task = data.Task ?? sweep.Task, WeightColumn = data.Weight };
        try
        {
            if (data.Header && !ColumnsExist(sweep, path, CsvLoader.ReadFirstRow(path, options), errors)) return null;
            var dataset = CsvLoader.Load(path, options);
            var split = DataSplitter.Split(dataset, data.Validation, data.Test, data.SplitSeed);
            return new SplitRows(dataset.Samples, split.Train.Samples, split.Validation.Samples, split.Test?.Samples ?? 0, true);
        }
        catch (DataException e)
        {
            Add(errors, sweep, "data.csv", e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Add(errors, sweep, "data.csv", $"cannot read {path}: {e.Message}");
        }
        return null;
    }

    /// <summary>The target and weight columns named in the spec are in the header (by name, any case, or index).</summary>
    private static bool ColumnsExist(SweepSpec sweep, string path, IReadOnlyList<string> header, SpecErrorList errors)
    {
        var ok = true;
        foreach (var (key, column) in new[] { ("target", sweep.Data.Target), ("weight", sweep.Data.Weight) })
        {
            if (column is null || header.Count == 0) continue;
            var name = column.Trim();
            var found = header.Any(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase))
                        || (int.TryParse(name, out var index) && index >= 0 && index < header.Count);
            if (found) continue;
            ok = false;
            Add(errors, sweep, SpecPath.Join(DataSection.Path, key),
                $"{Path.GetFileName(path)} has no column \"{name}\"{SpecSuggest.Hint(name, header)}; its columns: {string.Join(", ", header)}");
        }
        return ok;
    }

    private static void CheckSplit(SweepSpec sweep, SplitRows rows, SpecErrorList errors)
    {
        var data = sweep.Data;
        var about = rows.Exact ? "" : "about ";
        if (rows.Train < 1)
            Add(errors, sweep, "data.validation",
                $"{rows.Total:N0} rows leave no training rows with validation {SpecScalars.Show(data.Validation)} and test {SpecScalars.Show(data.Test)}");
        if (data.Validation > 0 && rows.Validation < 1)
            Add(errors, sweep, "data.validation",
                $"{SpecScalars.Show(data.Validation)} of {rows.Total:N0} rows leaves the validation split empty; every trial's objective is measured on it");
        if (data.Test > 0 && rows.Test < 1 && data.Dataset != DataLoader.FashionMnistName)
            Add(errors, sweep, "data.test", $"{SpecScalars.Show(data.Test)} of {rows.Total:N0} rows leaves the test split empty");

        var batch = LargestBatch(sweep);
        if (rows.Train >= 1 && batch > rows.Train)
            Add(errors, sweep, "training.batch_size",
                $"{(sweep.Space.Find("training.batch_size") is null ? "is" : "may be")} {batch:N0}, but the training split holds {about}{rows.Train:N0} rows " +
                $"({rows.Total:N0} rows less validation and test); lower the batch size or use batch_size: full");
    }

    /// <summary>The largest batch size a trial may take (0, the whole split, never exceeds it).</summary>
    private static long LargestBatch(SweepSpec sweep) =>
        sweep.Space.Find("training.batch_size") is { } searched
            ? DomainExtent.MaxInteger(searched.Domain) ?? 0
            : sweep.Training.Options.BatchSize;

    private static string Missing(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory)) return $"no file {path}: its directory {directory} does not exist";
        var files = Directory.EnumerateFiles(directory).Take(1000).Select(Path.GetFileName).OfType<string>().ToList();
        return $"no file {path}{SpecSuggest.Hint(Path.GetFileName(path), files)}";
    }

    private static void Add(SpecErrorList errors, SweepSpec sweep, string path, string message) =>
        errors.Add(path, sweep.Locations.Find(path), message);
}
