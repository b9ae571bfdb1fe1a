using System.Globalization;
using System.IO.Compression;
using System.Text;
using Hpo.Engine.Options;

namespace Hpo.Engine.Data;

/// <summary>
/// Loads a delimited text file (optionally .gz) of numeric features and one target column into a
/// <see cref="Dataset"/>. Every problem throws a <see cref="DataException"/> naming the file, the line
/// and the column, e.g. <c>data.csv:7: column 3 ("age"): 'abc' is not a number</c>.
/// Blank lines are skipped. Line and column numbers in messages are one-based.
/// </summary>
public static class CsvLoader
{
    public static Dataset Load(string path, CsvOptions? options = null)
    {
        options ??= new CsvOptions();
        using var reader = OpenText(path);
        return Load(reader, path, options with { Name = options.Name ?? DefaultName(path) });
    }

    /// <summary>
    /// The cells of the first non-blank line, split as <see cref="Load(string, CsvOptions?)"/> splits it (the header,
    /// when the file has one), reading nothing further; empty for an empty file.
    /// </summary>
    public static IReadOnlyList<string> ReadFirstRow(string path, CsvOptions? options = null)
    {
        using var reader = OpenText(path);
        var line = new StringBuilder();
        int lineNo = 1, c;
        while ((c = reader.Read()) >= 0)
        {
            if (c != '\n')
            {
                if (line.Length >= MaxFirstLineChars)
                    throw DataException.At(path, lineNo, null, null, $"the first line is longer than {MaxFirstLineChars:N0} characters; is this a text file?");
                line.Append((char)c);
                continue;
            }
            if (!string.IsNullOrWhiteSpace(line.ToString())) break;
            line.Clear();
            lineNo++;
        }
        var text = line.ToString().TrimEnd('\r');
        if (string.IsNullOrWhiteSpace(text)) return [];
        char sep = options?.Separator ?? (text.Contains(',') ? ',' : text.Contains(';') ? ';' : ' ');
        return Split(text, sep, path, lineNo);
    }

    /// <summary>A header longer than this is not read (a binary file, or one without line breaks).</summary>
    private const int MaxFirstLineChars = 1 << 20;

    private static StreamReader OpenText(string path)
    {
        if (!File.Exists(path))
            throw new DataException($"{path}: file not found (looked for {Path.GetFullPath(path)})");
        var file = File.OpenRead(path);
        Stream s = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionMode.Decompress) : file;
        return new StreamReader(s, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
    }

    /// <summary>Loads from a reader; <paramref name="sourceName"/> names the source in error messages.</summary>
    public static Dataset Load(TextReader reader, string sourceName, CsvOptions? options = null)
    {
        options ??= new CsvOptions();
        var src = sourceName;

        // First non-blank line: separator, column count, header names.
        int lineNo = 0;
        string? first = null;
        while (reader.ReadLine() is { } l)
        {
            lineNo++;
            if (!string.IsNullOrWhiteSpace(l)) { first = l; break; }
        }
        if (first is null)
            throw DataException.At(src, 1, null, null, "the file is empty (expected " +
                (options.Header ? "a header line and data rows)" : "data rows)"));
        int firstLine = lineNo;
        char sep = options.Separator ?? (first.Contains(',') ? ',' : first.Contains(';') ? ';' : ' ');

        var firstCells = Split(first, sep, src, firstLine);
        int cols = firstCells.Count;
        string[]? names = options.Header ? firstCells.ToArray() : null;
        if (cols < 2)
            throw DataException.At(src, firstLine, null, null,
                $"found {cols} column; expected at least 2 (features and a target)" + SeparatorHint(sep));

        int target = ResolveTarget(options.Target, names, cols, src, firstLine);
        int weight = options.WeightColumn is { } w ? ResolveTarget(w, names, cols, src, firstLine) : -1;
        if (weight == target)
            throw DataException.At(src, firstLine, weight + 1, names?[weight], "the weight column cannot also be the target");
        string? ColName(int c) => names?[c];

        var features = new List<float>();
        var weights = new List<float>();
        var targetCells = new List<(string Cell, int Line)>();
        void AddRow(List<string> cells, int line)
        {
            if (cells.Count != cols)
            {
                if (cells.Count < cols)
                    throw DataException.At(src, line, cells.Count + 1, ColName(cells.Count),
                        $"missing: the row has {cells.Count} columns, line {firstLine} has {cols}");
                throw DataException.At(src, line, cols + 1, null,
                    $"unexpected: the row has {cells.Count} columns, line {firstLine} has {cols}");
            }
            for (int c = 0; c < cols; c++)
            {
                if (c == target) { targetCells.Add((cells[c], line)); continue; }
                var r = NumberText.TryParseFloat(cells[c], out float v);
                if (r != NumberText.Result.Ok)
                    throw DataException.At(src, line, c + 1, ColName(c), NumberText.Describe(r, cells[c]));
                if (c != weight)
                {
                    features.Add(v);
                    continue;
                }
                if (v < 0)
                    throw DataException.At(src, line, c + 1, ColName(c), $"a sample weight must not be negative (got {cells[c]})");
                weights.Add(v);
            }
        }

        if (!options.Header) AddRow(firstCells, firstLine);
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            AddRow(Split(line, sep, src, lineNo), lineNo);
        }
        if (targetCells.Count == 0)
            throw DataException.At(src, firstLine, null, null, "the file has a header but no data rows");

        int n = targetCells.Count, featureCount = cols - (weight >= 0 ? 2 : 1);
        IReadOnlyList<string>? featureNames = names is null ? null : names.Where((_, i) => i != target && i != weight).ToArray();
        var x = features.ToArray();
        var name = options.Name ?? DefaultName(src);
        var targets = new TargetColumn(src, target + 1, ColName(target), targetCells);

        var task = options.Task ?? targets.GuessTask(options.MaxAutoClasses);
        Dataset data;
        if (task == TaskKind.Regression)
            data = Dataset.Regression(name, x, n, featureCount, targets.Numbers(), 1, featureNames);
        else
        {
            var (labels, classNames) = targets.Classes();
            data = Dataset.Classification(name, x, n, featureCount, labels, classNames, featureNames);
        }
        return weight >= 0 ? data.WithSampleWeights(weights.ToArray()) : data;
    }

    private static string DefaultName(string path)
    {
        var file = Path.GetFileName(path);
        if (file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) file = file[..^3];
        return Path.GetFileNameWithoutExtension(file);
    }

    private static string SeparatorHint(char sep) => sep switch
    {
        ' ' => " (cells separated by whitespace)",
        '\t' => " (cells separated by tabs)",
        _ => $" (cells separated by '{sep}')",
    };

    private static int ResolveTarget(string? target, string[]? names, int cols, string src, int line)
    {
        if (target is null) return cols - 1;
        var t = target.Trim();
        if (names is not null)
        {
            int exact = Array.IndexOf(names, t);
            if (exact >= 0) return exact;
            var folded = Enumerable.Range(0, cols)
                .Where(i => string.Equals(names[i], t, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (folded.Length == 1) return folded[0];
        }
        if (int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index))
        {
            if (index < 0 || index >= cols)
                throw DataException.At(src, line, null, null,
                    $"target column index {index} is out of range: the file has {cols} columns (zero-based indices 0..{cols - 1})");
            return index;
        }
        if (names is null)
            throw DataException.At(src, line, null, null,
                $"target \"{t}\" is not a zero-based column index, and the file has no header to look the name up in");
        throw DataException.At(src, line, null, null,
            $"no target column named \"{t}\"; the header has: {string.Join(", ", names.Select(s => $"\"{s}\""))}");
    }

    /// <summary>Splits a line; ' ' = whitespace runs, otherwise the separator with "double quote" grouping.</summary>
    internal static List<string> Split(string line, char sep, string src, int lineNo)
    {
        var cells = new List<string>();
        if (sep == ' ')
        {
            cells.AddRange(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
            return cells;
        }
        var sb = new StringBuilder();
        bool inQuotes = false, quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (inQuotes)
            {
                if (c != '"') sb.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else inQuotes = false;
            }
            else if (c == '"' && !quoted && string.IsNullOrWhiteSpace(sb.ToString()))
            {
                sb.Clear();
                inQuotes = quoted = true;
            }
            else if (c == sep)
            {
                cells.Add(quoted ? sb.ToString() : sb.ToString().Trim());
                sb.Clear();
                quoted = false;
            }
            else if (!quoted || !char.IsWhiteSpace(c)) sb.Append(c);
        }
        if (inQuotes)
            throw DataException.At(src, lineNo, cells.Count + 1, null, "unterminated quoted cell (missing closing \")");
        cells.Add(quoted ? sb.ToString() : sb.ToString().Trim());
        return cells;
    }
}
