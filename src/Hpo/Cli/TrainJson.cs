using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hpo.Engine.Diagnostics;
using Hpo.Runs;

namespace Hpo.Cli;

/// <summary>The closing JSON line of `hpo train --json` (see SPEC.md): epochs, losses, the objective, seconds, issues.</summary>
public static class TrainJson
{
    // Relaxed escaping keeps the issues' evidence readable ("1E+03", "epoch's"); the line is never embedded in HTML.
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Line(TrainOutcome o)
    {
        var k = o.Kept;
        var json = new JsonObject
        {
            ["name"] = o.Name,
            ["epochs"] = o.Curve.Count,
            ["best_epoch"] = k.Epoch,
            ["train_loss"] = Number(k.TrainLoss),
            ["val_loss"] = Number(k.ValLoss),
            ["objective"] = new JsonObject { ["metric"] = o.ObjectiveMetric, ["value"] = Number(o.ObjectiveValue) },
            ["seconds"] = Math.Round(o.Seconds, 3),
            ["diverged"] = o.Diverged,
            ["stop_reason"] = o.StopReason,
            ["issues"] = new JsonArray(o.Issues.Select(Issue).ToArray()),
        };
        foreach (var (name, value) in new (string, double?)[]
                 {
                     ("train_accuracy", k.TrainAccuracy), ("val_accuracy", k.ValAccuracy), ("val_mse", k.ValMse),
                     ("val_mae", k.ValMae), ("val_r2", k.ValR2),
                 })
            if (value is not null) json[name] = Number(value);
        if (o.Test is { } t)
        {
            var test = new JsonObject { ["samples"] = t.Samples, ["loss"] = Number(t.Loss) };
            if (t.Accuracy is not null) test["accuracy"] = Number(t.Accuracy);
            if (t.Mse is not null) test["mse"] = Number(t.Mse);
            if (t.Mae is not null) test["mae"] = Number(t.Mae);
            if (t.R2 is not null) test["r2"] = Number(t.R2);
            json["test"] = test;
        }
        return json.ToJsonString(Options);
    }

    /// <summary>One entry of the issues log: kind, epoch (0 = before training), evidence, advice, and how often it recurred.</summary>
    private static JsonNode Issue(TrainingIssue i) => new JsonObject
    {
        ["kind"] = i.KindName,
        ["epoch"] = i.Epoch,
        ["evidence"] = i.Evidence,
        ["advice"] = i.Advice,
        ["occurrences"] = i.Occurrences,
        ["last_epoch"] = i.LastEpoch,
    };

    /// <summary>JSON has no NaN or infinity: a non-finite value (a diverged run) becomes null.</summary>
    private static JsonNode? Number(double? v) => v is double d && double.IsFinite(d) ? JsonValue.Create(Math.Round(d, 6)) : null;
}
