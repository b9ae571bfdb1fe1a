using System.Globalization;
using System.Text;
using System.Text.Json;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search;

namespace Hpo.Coordinator.Reports;

/// <summary>
/// Every trial of a sweep as one row: id, status, stop reason, one column per hyperparameter (the searched ones
/// in the order of the spec, then any other configuration key), rung and epochs reached, rank, the trial's objective
/// (the number the leaderboard ranks, with the epoch of its model and the budget it is ranked at), the last epoch's
/// objective, final losses, issues and error. Written as CSV (RFC 4180) and JSON, and shown as the report's table.
/// </summary>
public sealed class TrialTable
{
    private static readonly string[] Leading = ["trial", "status", "stop_reason"];
    private static readonly string[] Trailing =
        ["rung", "epochs", "rank", "objective", "objective_epoch", "budget", "last_epoch_objective", "final_train_loss",
            "final_validation_loss", "issues", "error"];

    private TrialTable(IReadOnlyList<string> parameterColumns, IReadOnlyList<TrialRow> rows)
    {
        ParameterColumns = parameterColumns;
        Rows = rows;
        Columns = [.. Leading, .. parameterColumns, .. Trailing];
    }

    /// <summary>Every column's name, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The hyperparameter columns: the searched parameters' paths, then other configuration keys, sorted.</summary>
    public IReadOnlyList<string> ParameterColumns { get; }

    /// <summary>One row per trial, by id.</summary>
    public IReadOnlyList<TrialRow> Rows { get; }

    /// <summary>The table of every trial of <paramref name="history"/>, by trial id.</summary>
    public static TrialTable Of(SweepHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Of(new SweepResults(history));
    }

    internal static TrialTable Of(SweepResults results)
    {
        var searched = results.Parameters.Select(p => p.Path).Distinct(StringComparer.Ordinal).ToList();
        var others = results.Trials.SelectMany(t => t.Detail.Config.Values.Keys)
            .Where(k => !searched.Contains(k, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var ranks = results.Ranked.Select((t, i) => (t.Trial, Rank: i + 1)).ToDictionary(x => x.Trial, x => x.Rank);
        var rows = results.Trials.Select(t => new TrialRow
        {
            Trial = t.Trial,
            Status = t.Detail.Status,
            StopReason = t.Detail.StopReason,
            Config = t.Detail.Config,
            Rung = t.Detail.Rung,
            Epochs = t.Detail.Epochs,
            Rank = ranks.TryGetValue(t.Trial, out int rank) ? rank : null,
            Objective = t.IsScored ? t.Objective : null,
            ObjectiveEpoch = t.IsScored ? t.Detail.ObjectiveEpoch : null,
            Budget = t.IsScored ? t.Budget : null,
            LastEpochObjective = t.LastEpochObjective,
            FinalTrainLoss = t.FinalTrainLoss,
            FinalValidationLoss = t.FinalValidationLoss,
            Issues = t.Detail.Issues.Select(i => i.KindName).ToArray(),
            Error = t.Detail.Error,
        }).ToArray();
        return new TrialTable([.. searched, .. others], rows);
    }

    /// <summary>
    /// The cells of <paramref name="row"/>, one per column: null for nothing, a long, double, bool or string, and
    /// the issues as a list of kinds.
    /// </summary>
    public IReadOnlyList<object?> Cells(TrialRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var cells = new List<object?>(Columns.Count) { row.Trial, Name(row.Status), row.StopReason is { } s ? Name(s) : null };
        foreach (var path in ParameterColumns)
        {
            cells.Add(row.Config.TryGet(path, out var value) ? Cell(value) : null);
        }
        cells.AddRange([row.Rung, row.Epochs, row.Rank, row.Objective, row.ObjectiveEpoch, row.Budget, row.LastEpochObjective,
            row.FinalTrainLoss, row.FinalValidationLoss, row.Issues, row.Error]);
        return cells;
    }

    /// <summary>
    /// A header line and one line per trial. Numbers are invariant and round-trip; a missing value is an empty
    /// field, a non-finite one NaN or ±Infinity; issues are joined by ';'.
    /// </summary>
    public string ToCsv()
    {
        var text = new StringBuilder();
        Csv.AppendLine(text, Columns);
        foreach (var row in Rows)
        {
            Csv.AppendLine(text, Cells(row).Select(c => Text(c, roundTrip: true)));
        }
        return text.ToString();
    }

    /// <summary>An array of one object per trial, keyed by column; a missing or non-finite number is null, issues an array.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in Rows)
            {
                json.WriteStartObject();
                foreach (var (column, cell) in Columns.Zip(Cells(row)))
                {
                    json.WritePropertyName(column);
                    Write(json, cell);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A cell as text: empty for null, numbers invariant (round-trip or 6 significant digits).</summary>
    internal static string Text(object? cell, bool roundTrip) => cell switch
    {
        null => "",
        double d => roundTrip ? d.ToString("R", CultureInfo.InvariantCulture) : d.ToString("G6", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IReadOnlyList<string> list => string.Join(';', list),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    internal static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static object? Cell(ParamValue value) => value.Kind switch
    {
        ParamKind.Int => value.AsInt,
        ParamKind.Float => value.Number,
        ParamKind.Bool => value.AsBool,
        ParamKind.Text => value.Text,
        _ => null,
    };

    private static void Write(Utf8JsonWriter json, object? cell)
    {
        switch (cell)
        {
            case null: json.WriteNullValue(); break;
            case double d when !double.IsFinite(d): json.WriteNullValue(); break;
            case double d: json.WriteNumberValue(d); break;
            case long l: json.WriteNumberValue(l); break;
            case int i: json.WriteNumberValue(i); break;
            case bool b: json.WriteBooleanValue(b); break;
            case IReadOnlyList<string> list:
                json.WriteStartArray();
                foreach (var s in list) json.WriteStringValue(s);
                json.WriteEndArray();
                break;
            default: json.WriteStringValue(cell.ToString()); break;
        }
    }
}
