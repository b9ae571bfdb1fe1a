using System.IO.Compression;

namespace Hpo.Engine.Data;

/// <summary>
/// The small real datasets embedded in the engine (see Data/Builtin/NOTICE.md for origins and
/// licences): digits, iris and diabetes. Each call parses a fresh copy, so callers may modify it.
/// Fashion-MNIST is not embedded; see <see cref="FashionMnist"/>.
/// </summary>
public static class BuiltinDatasets
{
    /// <summary>Names accepted by <see cref="Load"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["digits", "iris", "diabetes"];

    /// <summary>Loads an embedded dataset by name (case-insensitive).</summary>
    public static Dataset Load(string name) => name.ToLowerInvariant() switch
    {
        "digits" => Digits(),
        "iris" => Iris(),
        "diabetes" => Diabetes(),
        _ => throw new DataException($"unknown built-in dataset '{name}'; known: {string.Join(", ", Names)}"),
    };

    /// <summary>8x8 handwritten digits: 1797 x 64 pixel values 0..16, 10 classes "0".."9".</summary>
    public static Dataset Digits()
    {
        var rows = ReadRows("digits.csv.gz", ',');
        int n = rows.Count, cols = 64;
        var x = new float[n * cols];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            var r = rows[i];
            Expect(r.Values.Length == cols + 1, "digits.csv.gz", r.Line, $"expected {cols + 1} values, found {r.Values.Length}");
            for (int j = 0; j < cols; j++) x[i * cols + j] = r.Values[j];
            y[i] = (int)r.Values[cols];
        }
        return Dataset.Classification("digits", x, n, cols, y, Generators.NumberedClassNames(10));
    }

    /// <summary>Fisher's iris: 150 x 4 (sepal/petal length/width in cm), classes setosa, versicolor, virginica.</summary>
    public static Dataset Iris()
    {
        const string file = "iris.csv";
        var lines = ReadLines(file);
        if (lines.Count == 0) throw DataException.At(file, 1, null, null, "the resource is empty");
        var head = lines[0].Split(',');
        if (head.Length < 3 || !int.TryParse(head[0], out int n) || !int.TryParse(head[1], out int cols))
            throw DataException.At(file, 1, null, null, "expected 'n_samples,n_features,class names...'");
        var classNames = head[2..].Select(s => s.Trim()).ToArray();
        var rows = ParseRows(file, lines, 1, ',');
        Expect(rows.Count == n, file, lines.Count, $"header announces {n} samples, found {rows.Count}");
        var x = new float[n * cols];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            var r = rows[i];
            Expect(r.Values.Length == cols + 1, file, r.Line, $"expected {cols + 1} values, found {r.Values.Length}");
            for (int j = 0; j < cols; j++) x[i * cols + j] = r.Values[j];
            y[i] = (int)r.Values[cols];
        }
        string[] featureNames = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"];
        return Dataset.Classification("iris", x, n, cols, y, classNames, cols == 4 ? featureNames : null);
    }

    /// <summary>
    /// Efron et al.'s diabetes data, unscaled: 442 x 10 (age, sex, bmi, bp, s1..s6) and the disease
    /// progression one year later as the regression target (25..346).
    /// </summary>
    public static Dataset Diabetes()
    {
        var rows = ReadRows("diabetes_data_raw.csv.gz", ' ');
        var targets = ReadRows("diabetes_target.csv.gz", ' ');
        int n = rows.Count, cols = 10;
        Expect(targets.Count == n, "diabetes_target.csv.gz", targets.Count, $"{targets.Count} targets for {n} samples");
        var x = new float[n * cols];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            var r = rows[i];
            Expect(r.Values.Length == cols, "diabetes_data_raw.csv.gz", r.Line, $"expected {cols} values, found {r.Values.Length}");
            r.Values.CopyTo(x, i * cols);
            y[i] = targets[i].Values[0];
        }
        string[] featureNames = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];
        return Dataset.Regression("diabetes", x, n, cols, y, 1, featureNames);
    }

    private readonly record struct Row(int Line, float[] Values);

    private static List<Row> ReadRows(string resource, char separator) =>
        ParseRows(resource, ReadLines(resource), 0, separator);

    private static List<Row> ParseRows(string file, List<string> lines, int first, char separator)
    {
        var rows = new List<Row>(lines.Count);
        for (int i = first; i < lines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var cells = separator == ' '
                ? lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
                : lines[i].Split(separator);
            var v = new float[cells.Length];
            for (int j = 0; j < cells.Length; j++)
            {
                var res = NumberText.TryParseFloat(cells[j], out v[j]);
                if (res != NumberText.Result.Ok)
                    throw DataException.At(file, i + 1, j + 1, null, NumberText.Describe(res, cells[j]));
            }
            rows.Add(new Row(i + 1, v));
        }
        return rows;
    }

    private static List<string> ReadLines(string resource)
    {
        var asm = typeof(BuiltinDatasets).Assembly;
        var stream = asm.GetManifestResourceStream("Hpo.Engine.Datasets." + resource)
            ?? throw new InvalidOperationException($"embedded dataset resource '{resource}' is missing from {asm.GetName().Name}");
        using var raw = stream;
        using Stream s = resource.EndsWith(".gz", StringComparison.Ordinal)
            ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(s);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }

    private static void Expect(bool condition, string file, int line, string problem)
    {
        if (!condition) throw DataException.At(file, line, null, null, problem);
    }
}
