using System.CommandLine;
using Hpo.Coordinator.Reports;
using Hpo.Node.CommandLine;

namespace Hpo.Cli;

/// <summary>`hpo trials SWEEP [--top N] [--csv] [--data-dir D | --api URL]`: a sweep's leaderboard, or every trial as CSV.</summary>
public static class TrialsCommand
{
    /// <summary>The <c>trials</c> command.</summary>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var sweep = new Argument<string>("sweep") { Description = "the sweep's id (see hpo status)" };
        var top = new Option<int>("--top") { Description = "show the best N trials (0: every trial)", DefaultValueFactory = _ => 10 };
        var csv = new Option<bool>("--csv") { Description = "print every trial as CSV (one row per trial: every hyperparameter, rung, epochs, metrics, state, issues)" };
        var source = new SweepSourceFlags();
        var command = source.AddTo(new Command("trials", "A sweep's trials, best first: objective, epochs, rung, status and configuration") { sweep, top, csv });
        command.SetAction((result, cancellation) => UserErrors.RunAsync(async () =>
        {
            int rows = result.GetValue(top);
            if (rows < 0) throw new UsageException($"--top: {rows} is negative");
            var id = result.GetValue(sweep)!;
            await using var sweeps = await source.OpenAsync(result, cancellation);
            var history = await sweeps.HistoryAsync(id, cancellation)
                ?? throw new UsageException($"no sweep {id} in {sweeps.Describe()} (hpo status lists them)");
            if (result.GetValue(csv)) await stdout.WriteAsync(TrialTable.Of(history).ToCsv());
            else SweepTables.WriteTrials(stdout, history, rows == 0 ? int.MaxValue : rows);
            return 0;
        }, stderr));
        return command;
    }
}
