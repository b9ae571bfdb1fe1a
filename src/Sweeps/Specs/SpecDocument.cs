namespace Hpo.Sweeps.Specs;

/// <summary>What the model and sweep parsers share: reading the file and splitting the top-level mapping into its known keys.</summary>
internal static class SpecDocument
{
    /// <summary>The file's text and the directory its relative paths resolve against; a file over <see cref="SpecLimits.MaxSpecBytes"/> is not read.</summary>
    public static (string Text, string BaseDirectory) ReadFile(string path, string what)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length > SpecLimits.MaxSpecBytes) throw SpecYamlReader.TooLarge(path, length);
            return (File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SpecException(path, new SpecError("", 0, 0, $"cannot read the {what}: {e.Message}"));
        }
    }

    /// <summary>
    /// Parses the document and files its top-level entries by key; a key not in <paramref name="topKeys"/> goes
    /// to <paramref name="otherKey"/> when given and it returns true, else it is reported as unknown.
    /// </summary>
    public static (SpecContext Context, Dictionary<string, SpecEntry> Entries) ReadTop(string text, string sourceName,
        string? baseDirectory, string command, IReadOnlyList<string> topKeys, string what, string sections,
        Func<SpecEntry, SpecContext, bool>? otherKey = null)
    {
        var root = SpecYamlReader.Read(text, sourceName);
        if (root is null || SpecScalars.IsNull(root))
            throw new SpecException(sourceName, new SpecError("", 1, 1, $"the {what} is empty; expected a mapping with {sections}"));
        if (root is not SpecMapping top)
            throw new SpecException(sourceName, new SpecError("", root.Line, root.Column,
                $"a {what} must be a mapping with {sections} (got {root.Describe()})"));

        var context = new SpecContext(sourceName, baseDirectory, command);
        context.Locations.Add("", SpecLocation.Of(root));
        var entries = new Dictionary<string, SpecEntry>(StringComparer.Ordinal);
        foreach (var e in top.Entries)
        {
            if (topKeys.Contains(e.Name))
            {
                entries[e.Name] = e;
                context.Locations.Add(e.Name, e);
            }
            else if (otherKey is null || !otherKey(e, context))
                context.UnknownKey(e, "", topKeys);
        }
        return (context, entries);
    }
}
