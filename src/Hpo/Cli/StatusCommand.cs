using System.CommandLine;
using System.Text.Json;
using Hpo.Node.CommandLine;
using Hpo.Sweeps.Journal;

namespace Hpo.Cli;

/// <summary>`hpo status [--data-dir D | --api URL] [--json]`: the sweeps that exist, one row each.</summary>
public static class StatusCommand
{
    /// <summary>The <c>status</c> command.</summary>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var json = new Option<bool>("--json") { Description = "print the sweeps' status as one JSON array" };
        var source = new SweepSourceFlags();
        var command = source.AddTo(new Command("status", "List the sweeps of a data directory or a running cluster: state, trials by state, best, epochs, elapsed") { json });
        command.SetAction((result, cancellation) => UserErrors.RunAsync(async () =>
        {
            await using var sweeps = await source.OpenAsync(result, cancellation);
            var list = await sweeps.ListAsync(cancellation);
            if (result.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(list, JournalJson.Options));
                return 0;
            }
            if (list.Count == 0)
            {
                await stdout.WriteLineAsync($"no sweeps in {sweeps.Describe()}");
                return 0;
            }
            SweepTables.WriteStatus(stdout, list, DateTimeOffset.UtcNow);
            return 0;
        }, stderr));
        return command;
    }
}
