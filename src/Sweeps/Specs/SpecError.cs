namespace Hpo.Sweeps.Specs;

/// <summary>
/// One problem of a spec: the key path (e.g. <c>training.learning_rate</c>, empty for the document
/// itself), its 1-based line and column (0 when unknown) and what is wrong.
/// </summary>
public sealed record SpecError(string Path, int Line, int Column, string Message)
{
    /// <summary><c>model.yaml:12: training.learning_rate: must be &gt; 0 (got -0.1)</c></summary>
    public string Format(string sourceName)
    {
        var where = Line > 0 ? $"{sourceName}:{Line}" : sourceName;
        return Path.Length == 0 ? $"{where}: {Message}" : $"{where}: {Path}: {Message}";
    }
}
