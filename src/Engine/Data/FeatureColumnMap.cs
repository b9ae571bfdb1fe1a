namespace Hpo.Engine.Data;

/// <summary>
/// Which column of a prediction CSV feeds each of a model's inputs, decided from the file's first row.
/// A first row with a non-numeric cell is a header. With a header and a model that stores its feature names,
/// columns are matched by name: any order, extra columns ignored. Otherwise columns are read by position (exactly
/// the model's width, or one more with a target column to drop), and <see cref="Note"/> says so.
/// </summary>
internal sealed record FeatureColumnMap(int[] Sources, bool FirstRowIsHeader, string[]? Header, string? Note)
{
    public static FeatureColumnMap From(IReadOnlyList<string> first, IReadOnlyList<string>? features, int width,
        string? target, string source, int line)
    {
        bool header = first.Any(c => NumberText.TryParseFloat(c, out _) == NumberText.Result.NotANumber);
        var names = header ? first.ToArray() : null;
        return names is not null && features is not null
            ? ByName(names, features, source, line)
            : ByPosition(first.Count, names, features is not null, width, target, source, line);
    }

    private static FeatureColumnMap ByName(string[] header, IReadOnlyList<string> features, string source, int line)
    {
        var sources = new int[features.Count];
        var missing = new List<string>();
        for (int f = 0; f < features.Count; f++)
        {
            var matches = Enumerable.Range(0, header.Length).Where(c => header[c] == features[f]).ToArray();
            if (matches.Length > 1)
                throw DataException.At(source, line, null, null,
                    $"the header has the model's feature '{features[f]}' {matches.Length} times (columns {string.Join(", ", matches.Select(c => c + 1))}); it must be unique");
            if (matches.Length == 0) missing.Add(features[f]);
            else sources[f] = matches[0];
        }
        if (missing.Count > 0) throw Missing(header, missing, source, line);
        return new FeatureColumnMap(sources, true, header, null);
    }

    private static DataException Missing(string[] header, List<string> missing, string source, int line)
    {
        string Hint(string name) => header.FirstOrDefault(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase)) is { } near
            ? $" (the header has '{near}'; names must match exactly)" : "";
        var problem = missing.Count == 1
            ? $"no column '{missing[0]}', a feature the model was trained on{Hint(missing[0])}"
            : $"no columns for {missing.Count} features the model was trained on: {string.Join(", ", missing.Select(m => $"'{m}'{Hint(m)}"))}";
        if (missing.Count == header.Length && header.All(h => !missing.Contains(h)))
            problem += "; to read the columns in the model's order instead, remove the header row";
        return DataException.At(source, line, null, null, problem);
    }

    private static FeatureColumnMap ByPosition(int columns, string[]? header, bool modelHasNames, int width,
        string? target, string source, int line)
    {
        if (columns != width && columns != width + 1)
            throw DataException.At(source, line, null, null, $"the model takes {width} input columns; the file has {columns}"
                + (modelHasNames ? " and no header row naming the model's features" : ""));
        int drop = columns == width ? -1 : DropIndex(target, header, columns, source, line);
        var sources = Enumerable.Range(0, columns).Where(c => c != drop).ToArray();
        var dropped = drop < 0 ? "" : $" (without column {drop + 1}, the target)";
        var note = modelHasNames
            ? $"{source} has no header row matching the model's features; reading its {columns} columns in the model's order{dropped}"
            : $"the model stores no feature names; reading the {columns} columns of {source} in order{dropped}";
        return new FeatureColumnMap(sources, header is not null, header, note);
    }

    private static int DropIndex(string? target, string[]? header, int columns, string source, int line)
    {
        if (target is null) return columns - 1;
        int named = header is null ? -1 : Array.IndexOf(header, target);
        if (named >= 0) return named;
        if (int.TryParse(target, out int index) && index >= 0 && index < columns) return index;
        throw DataException.At(source, line, null, null, $"no column '{target}' to drop");
    }
}
