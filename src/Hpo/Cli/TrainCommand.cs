using System.CommandLine;
using System.Globalization;
using Hpo.Node.CommandLine;
using Hpo.Runs;
using Hpo.Sweeps.Specs;

namespace Hpo.Cli;

/// <summary>`hpo train MODEL.yaml [--json]`: trains one model, a line per epoch, then a summary.</summary>
public static class TrainCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var spec = new Argument<FileInfo>("spec") { Description = "the model spec (YAML or JSON): data, task, model, training" };
        var json = new Option<bool>("--json") { Description = "end the output with one JSON line of the outcome" };
        var save = new Option<string?>("--save") { Description = "save the trained model to this file (for hpo predict and transfer)" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "save a checkpoint to this file at the end (for --resume)" };
        var resume = new Option<string?>("--resume") { Description = "continue training from this checkpoint, bit for bit" };
        var epochs = new Option<int?>("--epochs") { Description = "stop after this epoch (the spec's max_epochs still shapes the schedule)" };
        var command = new Command("train", "Train one model and print its learning curve") { spec, json, save, checkpoint, resume, epochs };
        command.SetAction(result => UserErrors.Run(
            () => Execute(result.GetValue(spec)!, result.GetValue(json), new TrainRequest
            {
                SaveModelTo = result.GetValue(save),
                CheckpointTo = result.GetValue(checkpoint),
                ResumeFrom = result.GetValue(resume),
                StopAfterEpoch = result.GetValue(epochs),
            }, stdout),
            stderr));
        return command;
    }

    private static int Execute(FileInfo file, bool json, TrainRequest request, TextWriter stdout)
    {
        var spec = TrainSpecParser.ParseFile(file.FullName);
        var outcome = TrainRunner.Run(spec, request, m => stdout.WriteLine(EpochFormat.Line(m, spec.Training.MaxEpochs)),
            onPretrainingEpoch: (stage, m) => stdout.WriteLine($"pretraining layer {stage}: " + EpochFormat.Line(m, m.Epoch)));
        WriteSummary(outcome, stdout);
        if (json) stdout.WriteLine(TrainJson.Line(outcome));
        return outcome.Diverged ? 1 : 0;
    }

    private static void WriteSummary(TrainOutcome o, TextWriter stdout)
    {
        var inv = CultureInfo.InvariantCulture;
        if (o.StopReason is not null) stdout.WriteLine($"stopped: {o.StopReason}");
        string value = o.ObjectiveValue is double v ? EpochFormat.F(v) : "n/a";
        stdout.WriteLine($"{o.Name}: {o.ObjectiveMetric} {value} at epoch {o.Kept.Epoch} of {o.Curve.Count} ({o.Seconds.ToString("F1", inv)} s)");
        if (o.Test is { } t)
            stdout.WriteLine($"test ({t.Samples} samples): loss {EpochFormat.F(t.Loss)}"
                + (t.Accuracy is double a ? $"  accuracy {EpochFormat.F(a)}" : "")
                + (t.R2 is double r ? $"  r2 {EpochFormat.F(r)}" : "")
                + (t.Mae is double e ? $"  mae {EpochFormat.F(e)}" : ""));
        stdout.WriteLine(o.Issues.Count == 0 ? "issues: none found" : "issues:");
        foreach (var issue in o.Issues) stdout.WriteLine($"  - {issue}");
    }
}
