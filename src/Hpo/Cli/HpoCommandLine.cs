using System.CommandLine;
using Hpo.Node.CommandLine;

namespace Hpo.Cli;

/// <summary>The `hpo` command line: one place where every command is registered.</summary>
public static class HpoCommandLine
{
    public static RootCommand Build(TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var root = new RootCommand("hpo: distributed hyperparameter search for neural networks")
        {
            TrainCommand.Build(stdout, stderr),
            RunCommand.Build(stdout, stderr),
            ServeCommand.Build(stdout, stderr),
            WorkerCommand.Build(stdout, stderr),
            SubmitCommand.Build(stdout, stderr),
            StatusCommand.Build(stdout, stderr),
            TrialsCommand.Build(stdout, stderr),
            ReportCommand.Build(stdout, stderr),
            PredictCommand.Build(stdout, stderr),
            SimulateCommand.Build(stdout, stderr),
            BenchCommand.Build(stdout, stderr),
        };
        return root;
    }

    /// <summary>How long a command may take to end after SIGTERM or Ctrl+C before the process is ended outright.</summary>
    public static readonly TimeSpan TerminationGrace = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A command line that does not parse is a user's error like any other:
    /// its messages on stderr and exit code 2.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        if (args.Length == 0) return await UsageAsync(stdout, stderr).ConfigureAwait(false);
        var parsed = Build(stdout, stderr).Parse(args);
        if (parsed.Errors.Count > 0 && !parsed.Action!.ClearsParseErrors)
        {
            foreach (var error in parsed.Errors) await stderr.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            return UserErrors.ExitCode;
        }
        // SIGTERM cancels the command; a worker then hands its running rungs back, which takes up to its drain timeout.
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = TerminationGrace, Output = stdout, Error = stderr };
        return await parsed.InvokeAsync(configuration).ConfigureAwait(false);
    }

    /// <summary>
    /// Bare `hpo`: the usage on stderr and exit code 2, as for any command line that names no command: nothing was done,
    /// so a script that calls `hpo` without arguments must not pass.
    /// </summary>
    private static async Task<int> UsageAsync(TextWriter stdout, TextWriter stderr)
    {
        await Build(stdout, stderr).Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = stderr }).ConfigureAwait(false);
        await stderr.WriteLineAsync("error: no command given; `hpo COMMAND --help` describes a command").ConfigureAwait(false);
        return UserErrors.ExitCode;
    }
}
