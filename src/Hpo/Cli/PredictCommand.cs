using System.CommandLine;
using System.Globalization;
using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Persistence;
using Hpo.Node.CommandLine;

namespace Hpo.Cli;

/// <summary>`hpo predict MODEL.hpo DATA.csv`: one CSV line of predictions per data row, features matched by name.</summary>
public static class PredictCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var model = new Argument<FileInfo>("model") { Description = "a model file saved by hpo train --save" };
        var data = new Argument<FileInfo>("data") { Description = "a CSV of feature rows; with a header, columns are matched by the names the model was trained on (any order, other columns ignored)" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "write the predictions to this file instead of standard output" };
        var target = new Option<string?>("--target") { Description = "for a CSV read by position (no header, or a model without feature names) with one column more than the model's inputs: the column to drop, by name or zero-based index (default: the last)" };
        var command = new Command("predict", "Predict with a saved model") { model, data, output, target };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var file = result.GetValue(output);
            using var writer = file is null ? null : new StreamWriter(file.FullName);
            Predict(result.GetValue(model)!.FullName, result.GetValue(data)!.FullName, result.GetValue(target), writer ?? stdout, stderr);
            return 0;
        }, stderr));
        return command;
    }

    public static void Predict(string modelPath, string dataPath, string? target, TextWriter output, TextWriter notes)
    {
        var model = ModelFile.LoadModel(modelPath);
        var table = FeatureCsv.Load(dataPath, model.Header.FeatureNames, model.InputWidth, target);
        if (table.Note is { } note) notes.WriteLine("note: " + note);
        var predictions = model.Predictor.Predict(table.Features, table.Rows);
        var inv = CultureInfo.InvariantCulture;
        int width = model.Predictor.OutputWidth;
        if (model.Header.Task == TaskKind.Classification)
        {
            var names = model.Header.ClassNames ?? Enumerable.Range(0, model.Header.ClassCount).Select(i => i.ToString(inv)).ToArray();
            var classes = model.Predictor.PredictClasses(table.Features, table.Rows);
            output.WriteLine(width == 1
                ? $"prediction,p_{names[1]}"
                : "prediction," + string.Join(',', names.Select(n => "p_" + n)));
            for (int r = 0; r < table.Rows; r++)
                output.WriteLine(names[classes[r]] + "," + string.Join(',', predictions.AsSpan(r * width, width).ToArray().Select(p => p.ToString("G6", inv))));
        }
        else
        {
            output.WriteLine(width == 1 ? "prediction" : string.Join(',', Enumerable.Range(0, width).Select(i => $"prediction_{i}")));
            for (int r = 0; r < table.Rows; r++)
                output.WriteLine(string.Join(',', predictions.AsSpan(r * width, width).ToArray().Select(p => p.ToString("G7", inv))));
        }
    }
}
