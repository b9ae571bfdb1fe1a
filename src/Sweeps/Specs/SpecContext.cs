namespace Hpo.Sweeps.Specs;

/// <summary>
/// What the readers of one document share: where errors and key positions go, the directory that
/// relative paths in the spec are resolved against, and which command reads it (for messages).
/// </summary>
public sealed class SpecContext(string sourceName, string? baseDirectory = null, string command = "hpo train")
{
    public string SourceName { get; } = sourceName;

    /// <summary>Directory of the spec file; relative paths (csv, transfer.from) resolve against it. Null: left as written.</summary>
    public string? BaseDirectory { get; } = baseDirectory;

    /// <summary>The command the document is for, named in "hpo train takes fixed values" messages.</summary>
    public string Command { get; } = command;

    public SpecErrorList Errors { get; } = new();
    public SpecLocations Locations { get; } = new();

    public void Error(string path, SpecNode node, string message) => Errors.Add(path, node, message);

    /// <summary>An error about a key recorded earlier (or its nearest recorded parent).</summary>
    public void Error(string path, string message) => Errors.Add(path, Locations.Find(path), message);

    /// <summary>Reports a key the section does not take, at the key's line, naming the allowed ones.</summary>
    public void UnknownKey(SpecEntry entry, string sectionPath, IEnumerable<string> allowed)
    {
        var names = allowed.ToList();
        Error(SpecPath.Join(sectionPath, entry.Name), entry.Key,
            $"unknown key{SpecSuggest.Hint(entry.Name, names)}; allowed here: {string.Join(", ", names)}");
    }

    public string ResolvePath(string path) =>
        BaseDirectory is null || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(BaseDirectory, path));
}
