using System.CommandLine;
using System.Globalization;
using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Persistence;
using Hpo.Worker.CommandLine;

namespace Hpo.Coordinator.Cli;

/// <summary>`hpo predict MODEL.hpo DATA.csv`: one CSV line of predictions per data row.</summary>
public static class PredictCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var model = new Argument<FileInfo>("model") { Description = "a model file saved by hpo train --save" };
        var data = new Argument<FileInfo>("data") { Description = "a CSV of feature rows (an extra target column is dropped)" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "write the predictions to this file instead of standard output" };
        var target = new Option<string?>("--target") { Description = "the column to drop when the CSV has one more than the model's inputs (default: the last)" };
        var command = new Command("predict", "Predict with a saved model") { model, data, output, target };
        command.SetAction(result => UserErrors.Run(() =>
        {
            var file = result.GetValue(output);
            using var writer = file is null ? null : new StreamWriter(file.FullName);
            Predict(result.GetValue(model)!.FullName, result.GetValue(data)!.FullName, result.GetValue(target), writer ?? stdout);
            return 0;
        }, stderr));
        return command;
    }

    public static void Predict(string modelPath, string dataPath, string? target, TextWriter output)
    {
        var model = ModelFile.LoadModel(modelPath);
        var table = FeatureCsv.Load(dataPath, model.InputWidth, target);
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
