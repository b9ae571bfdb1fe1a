using System.Text;

namespace Hpo.Coordinator.Reports;

/// <summary>Comma-separated values as RFC 4180 has them: CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled.</summary>
internal static class Csv
{
    public static void AppendLine(StringBuilder text, IEnumerable<string> fields)
    {
        bool first = true;
        foreach (var field in fields)
        {
            if (!first) text.Append(',');
            first = false;
            text.Append(Quote(field));
        }
        text.Append("\r\n");
    }

    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
