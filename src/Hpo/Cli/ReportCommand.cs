using System.CommandLine;
using Hpo.Coordinator.Reports;
using Hpo.Node.CommandLine;

namespace Hpo.Cli;

/// <summary>`hpo report SWEEP [-o DIR] [--data-dir D | --api URL]`: a sweep's report, an HTML page with plots, and its trials as CSV and JSON.</summary>
public static class ReportCommand
{
    /// <summary>The <c>report</c> command.</summary>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var sweep = new Argument<string>("sweep") { Description = "the sweep's id (see hpo status)" };
        var output = new Option<string>("--output", "-o") { Description = "the report's directory (default: SWEEP-report in the current directory)" };
        var source = new SweepSourceFlags();
        var command = source.AddTo(new Command("report", "Write a sweep's report: index.html with plots (plots/*.png), trials.csv and trials.json") { sweep, output });
        command.SetAction((result, cancellation) => UserErrors.RunAsync(async () =>
        {
            var id = result.GetValue(sweep)!;
            var directory = Path.GetFullPath(result.GetValue(output) ?? $"{id}-report");
            await using var sweeps = await source.OpenAsync(result, cancellation);
            var history = await sweeps.HistoryAsync(id, cancellation)
                ?? throw new UsageException($"no sweep {id} in {sweeps.Describe()} (hpo status lists them)");
            IReadOnlyList<string> files;
            try
            {
                files = ReportWriter.WriteDirectory(history, directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write the report to {directory}: {e.Message}");
            }
            await stdout.WriteLineAsync($"report of {id} ({history.Trials.Count} trials, {files.Count} files): {Path.Combine(directory, ReportWriter.PageFile)}");
            return 0;
        }, stderr));
        return command;
    }
}
