using System.IO.Compression;
using System.Text;

namespace Hpo.Engine.Data;

/// <summary>Rows of numeric features read from a CSV for prediction, with the header names when there is one.</summary>
public sealed record FeatureTable(float[] Features, int Rows, int Columns, IReadOnlyList<string>? Names);

/// <summary>
/// Reads the feature columns a model takes from a CSV: exactly <c>width</c> columns, or one more (a target
/// column, the last or the one named, which is dropped). The header is detected: a first line with a
/// non-numeric cell. Problems throw <see cref="DataException"/> naming file, line and column.
/// </summary>
public static class FeatureCsv
{
    public static FeatureTable Load(string path, int width, string? targetColumn = null)
    {
        if (!File.Exists(path)) throw new DataException($"{path}: file not found (looked for {Path.GetFullPath(path)})");
        using var file = File.OpenRead(path);
        using Stream s = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(s, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Load(reader, path, width, targetColumn);
    }

    public static FeatureTable Load(TextReader reader, string source, int width, string? targetColumn = null)
    {
        var features = new List<float>();
        string[]? names = null;
        int columns = -1, drop = -1, rows = 0, lineNo = 0;
        char sep = ',';
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (columns < 0)
            {
                sep = line.Contains(',') ? ',' : line.Contains(';') ? ';' : ' ';
                var first = CsvLoader.Split(line, sep, source, lineNo);
                columns = first.Count;
                if (columns != width && columns != width + 1)
                    throw DataException.At(source, lineNo, null, null, $"the model takes {width} input columns; the file has {columns}");
                bool header = first.Any(c => NumberText.TryParseFloat(c, out _) == NumberText.Result.NotANumber);
                if (header) names = first.ToArray();
                drop = columns == width ? -1 : DropIndex(targetColumn, names, columns, source, lineNo);
                if (header) continue;
            }
            var cells = CsvLoader.Split(line, sep, source, lineNo);
            if (cells.Count != columns)
                throw DataException.At(source, lineNo, Math.Min(cells.Count, columns) + 1, null,
                    $"the row has {cells.Count} columns, the first row has {columns}");
            for (int c = 0; c < columns; c++)
            {
                if (c == drop) continue;
                var result = NumberText.TryParseFloat(cells[c], out float v);
                if (result != NumberText.Result.Ok)
                    throw DataException.At(source, lineNo, c + 1, names?[c], NumberText.Describe(result, cells[c]));
                features.Add(v);
            }
            rows++;
        }
        if (rows == 0) throw DataException.At(source, Math.Max(lineNo, 1), null, null, "no data rows");
        var kept = names?.Where((_, i) => i != drop).ToArray();
        return new FeatureTable(features.ToArray(), rows, width, kept);
    }

    private static int DropIndex(string? target, string[]? names, int columns, string source, int line)
    {
        if (target is null) return columns - 1;
        if (int.TryParse(target, out int index) && index >= 0 && index < columns) return index;
        int named = names is null ? -1 : Array.IndexOf(names, target);
        if (named < 0) throw DataException.At(source, line, null, null, $"no column '{target}' to drop");
        return named;
    }
}
