using System.Text.Json;
using Hpo.Coordinator.Reports;

namespace Hpo.Coordinator.Tests.Reports;

public sealed class TrialTableTests
{
    [Fact]
    public void The_csv_has_a_header_with_every_hyperparameter_and_one_row_per_trial()
    {
        var history = ReportHistories.Asha();

        var records = CsvRecords(TrialTable.Of(history).ToCsv());

        var header = records[0];
        Assert.Equal(["trial", "status", "stop_reason"], header.Take(3));
        Assert.Equal([ReportHistories.LearningRate, ReportHistories.Hidden, ReportHistories.Optimizer, "training.epochs"], header.Skip(3).Take(4));
        Assert.Equal(["rung", "epochs", "rank", "objective", "objective_epoch", "budget", "last_epoch_objective", "final_train_loss",
            "final_validation_loss", "issues", "error"], header.Skip(7));
        Assert.Equal(history.Trials.Count, records.Count - 1);
        Assert.All(records, r => Assert.Equal(header.Count, r.Count));
        var stopped = records.Single(r => r[0] == "5");
        Assert.Equal(["stopped", "rung"], stopped.Skip(1).Take(2));
        var top = records.First(r => r[header.IndexOf("rung")] == "2");
        Assert.Equal("overfitting", top[header.IndexOf("issues")]);
        // Rank 1 is the winner: the best objective among the trials trained furthest (18 epochs), as the leaderboard has it.
        var winner = records.Single(r => r[header.IndexOf("rank")] == "1");
        Assert.Equal(("4", "18"), (winner[0], winner[header.IndexOf("budget")]));
        Assert.Equal("0.975", winner[header.IndexOf("objective")][..5]);
    }

    [Fact]
    public void A_field_with_a_comma_a_quote_or_a_line_break_is_quoted_as_rfc_4180_says()
    {
        var csv = TrialTable.Of(ReportHistories.Asha()).ToCsv();

        Assert.Contains("\"out of memory, \"\"hidden\"\" too large\nat layer 2\"\r\n", csv, StringComparison.Ordinal);
        var failed = CsvRecords(csv).Single(r => r[0] == "13");
        Assert.Equal("out of memory, \"hidden\" too large\nat layer 2", failed[^1]);
        Assert.Equal("failed", failed[1]);
        Assert.Equal("", failed[^6]); // no final objective
    }

    [Fact]
    public void The_json_parses_with_one_typed_entry_per_trial()
    {
        var history = ReportHistories.Asha();

        using var json = JsonDocument.Parse(TrialTable.Of(history).ToJson());

        var rows = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(history.Trials.Count, rows.Length);
        Assert.Equal(Enumerable.Range(1, 14), rows.Select(r => r.GetProperty("trial").GetInt32()));
        Assert.Equal(JsonValueKind.Number, rows[0].GetProperty(ReportHistories.LearningRate).ValueKind);
        Assert.Equal(JsonValueKind.String, rows[0].GetProperty(ReportHistories.Optimizer).ValueKind);
        var diverged = rows.Single(r => r.GetProperty("trial").GetInt32() == 14);
        Assert.Equal("diverged", diverged.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, diverged.GetProperty("objective").ValueKind);
        Assert.Equal(JsonValueKind.Null, diverged.GetProperty("rank").ValueKind);
        Assert.Equal(["divergence"], diverged.GetProperty("issues").EnumerateArray().Select(i => i.GetString()));
    }

    /// <summary>An RFC 4180 reader, just enough to read back what the table writes.</summary>
    internal static List<List<string>> CsvRecords(string csv)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < csv.Length; i++)
        {
            char c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else field.Append(c);
        }
        Assert.True(field.Length == 0 && record.Count == 0, "the CSV ends with CRLF");
        return records;
    }
}
