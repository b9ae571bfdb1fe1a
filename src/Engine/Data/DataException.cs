namespace Hpo.Engine.Data;

/// <summary>
/// Bad data or a bad data configuration. For problems in a file the message starts with
/// <c>file:line:</c> and names the column, e.g. <c>data.csv:7: column 3 ("age"): 'abc' is not a number</c>;
/// the parts are also available as properties.
/// </summary>
public sealed class DataException : HpoException
{
    public DataException(string message) : base(message) { }

    public DataException(string message, Exception? innerException) : base(message, innerException) { }

    private DataException(string message, string? file, int? line, int? column, Exception? inner)
        : base(message, inner)
    {
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The file (as the user named it), when the problem is in a file.</summary>
    public string? File { get; }

    /// <summary>One-based line number, when known.</summary>
    public int? Line { get; }

    /// <summary>One-based column number, when known.</summary>
    public int? Column { get; }

    /// <summary>A problem at <c>file:line</c>, optionally in a one-based column with an optional name.</summary>
    public static DataException At(string file, int? line, int? column, string? columnName, string problem,
        Exception? inner = null)
    {
        var where = line is { } l ? $"{file}:{l}: " : $"{file}: ";
        var col = column is { } c
            ? (columnName is null ? $"column {c}: " : $"column {c} (\"{columnName}\"): ")
            : "";
        return new DataException(where + col + problem, file, line, column, inner);
    }
}
