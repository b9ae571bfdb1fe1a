using System.IO.Compression;
using System.Text;

namespace Hpo.Engine.Data;

/// <summary>
/// Reads the feature columns a model takes from a CSV (see <see cref="FeatureColumnMap"/> for how columns are
/// matched). Problems throw <see cref="DataException"/> naming file, line and column.
/// </summary>
public static class FeatureCsv
{
    /// <param name="features">The names the model was trained on, or null when it stores none.</param>
    /// <param name="targetColumn">For a file read by position with one column too many: the one to drop (default the last).</param>
    public static FeatureTable Load(string path, IReadOnlyList<string>? features, int width, string? targetColumn = null)
    {
        if (!File.Exists(path)) throw new DataException($"{path}: file not found (looked for {Path.GetFullPath(path)})");
        using var file = File.OpenRead(path);
        using Stream s = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(s, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Load(reader, path, features, width, targetColumn);
    }

    public static FeatureTable Load(TextReader reader, string source, IReadOnlyList<string>? features, int width, string? targetColumn = null)
    {
        var values = new List<float>();
        FeatureColumnMap? map = null;
        int columns = -1, rows = 0, lineNo = 0;
        char sep = ',';
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (map is null)
            {
                sep = line.Contains(',') ? ',' : line.Contains(';') ? ';' : ' ';
                var first = CsvLoader.Split(line, sep, source, lineNo);
                columns = first.Count;
                map = FeatureColumnMap.From(first, features, width, targetColumn, source, lineNo);
                if (map.FirstRowIsHeader) continue;
            }
            var cells = CsvLoader.Split(line, sep, source, lineNo);
            if (cells.Count != columns)
                throw DataException.At(source, lineNo, Math.Min(cells.Count, columns) + 1, null,
                    $"the row has {cells.Count} columns, the first row has {columns}");
            foreach (int c in map.Sources)
            {
                var result = NumberText.TryParseFloat(cells[c], out float v);
                if (result != NumberText.Result.Ok)
                    throw DataException.At(source, lineNo, c + 1, map.Header?[c], NumberText.Describe(result, cells[c]));
                values.Add(v);
            }
            rows++;
        }
        if (rows == 0 || map is null) throw DataException.At(source, Math.Max(lineNo, 1), null, null, "no data rows");
        var names = map.Header is { } header ? map.Sources.Select(c => header[c]).ToArray() : null;
        return new FeatureTable(values.ToArray(), rows, width, names, map.Note);
    }
}
