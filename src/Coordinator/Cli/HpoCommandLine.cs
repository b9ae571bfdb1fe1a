using System.CommandLine;

namespace Hpo.Coordinator.Cli;

/// <summary>The `hpo` command line: one place where every command is registered.</summary>
public static class HpoCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("hpo: distributed hyperparameter search for neural networks");
        return root;
    }

    public static Task<int> RunAsync(string[] args) => Build().Parse(args).InvokeAsync();
}
