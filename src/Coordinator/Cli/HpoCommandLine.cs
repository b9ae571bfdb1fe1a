using System.CommandLine;

namespace Hpo.Coordinator.Cli;

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
            SubmitCommand.Build(stdout, stderr),
            PredictCommand.Build(stdout, stderr),
            SimulateCommand.Build(stdout, stderr),
            BenchCommand.Build(stdout, stderr),
        };
        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null) =>
        Build(stdout, stderr).Parse(args).InvokeAsync();
}
