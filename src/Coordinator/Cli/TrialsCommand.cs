using System.CommandLine;
using Hpo.Worker.CommandLine;

namespace Hpo.Coordinator.Cli;

/// <summary>`hpo trials SWEEP [--top N] [--data-dir D | --api URL]`: a sweep's leaderboard.</summary>
public static class TrialsCommand
{
    /// <summary>The <c>trials</c> command.</summary>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var sweep = new Argument<string>("sweep") { Description = "the sweep's id (see hpo status)" };
        var top = new Option<int>("--top") { Description = "show the best N trials (0: every trial)", DefaultValueFactory = _ => 10 };
        var source = new SweepSourceFlags();
        var command = source.AddTo(new Command("trials", "A sweep's trials, best first: objective, epochs, rung, status and configuration") { sweep, top });
        command.SetAction((result, cancellation) => UserErrors.RunAsync(async () =>
        {
            int rows = result.GetValue(top);
            if (rows < 0) throw new UsageException($"--top: {rows} is negative");
            var id = result.GetValue(sweep)!;
            await using var sweeps = await source.OpenAsync(result, cancellation);
            var history = await sweeps.HistoryAsync(id, cancellation)
                ?? throw new UsageException($"no sweep {id} in {sweeps.Describe()} (hpo status lists them)");
            SweepTables.WriteTrials(stdout, history, rows == 0 ? int.MaxValue : rows);
            return 0;
        }, stderr));
        return command;
    }
}
