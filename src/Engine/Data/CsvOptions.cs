using Hpo.Engine.Options;

namespace Hpo.Engine.Data;

/// <summary>How <see cref="CsvLoader"/> reads a delimited text file.</summary>
public sealed record CsvOptions
{
    /// <summary>Whether the first non-blank line holds column names.</summary>
    public bool Header { get; init; } = true;

    /// <summary>Target column: a header name or a zero-based index; null = the last column.</summary>
    public string? Target { get; init; }

    /// <summary>A column of per-sample weights (by name or zero-based index), kept out of the features; null = none.</summary>
    public string? WeightColumn { get; init; }

    /// <summary>
    /// Force the task; null = classification when the target is non-numeric, or all integers with at most
    /// <see cref="MaxAutoClasses"/> distinct values; regression otherwise.
    /// </summary>
    public TaskKind? Task { get; init; }

    /// <summary>
    /// Cell separator; null = detect from the first line (',' if present, else ';' if present, else runs
    /// of whitespace). ' ' means runs of spaces and tabs. Double quotes group a cell for other separators.
    /// </summary>
    public char? Separator { get; init; }

    /// <summary>Dataset name; null = the file name without extension.</summary>
    public string? Name { get; init; }

    public int MaxAutoClasses { get; init; } = 20;
}
