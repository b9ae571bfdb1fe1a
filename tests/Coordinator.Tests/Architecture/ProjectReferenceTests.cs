using Hpo.Engine.Training;
using Hpo.Node.Hosting;
using Hpo.Protocol;
using Hpo.Sweeps.Control;
using Hpo.Worker.Cluster;

namespace Hpo.Coordinator.Tests.Architecture;

/// <summary>
/// The rooms as the compiler built them: what each project's assembly references, checked on the assemblies
/// themselves, so a package added to the pure core (or a layer reaching up) fails here however it is imported.
/// </summary>
public sealed class ProjectReferenceTests
{
    private static IReadOnlyList<string> References(Type anchor) =>
        anchor.Assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => !IsPlatform(n)).Order(StringComparer.Ordinal).ToList();

    private static bool IsPlatform(string name) => name is "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal) || name == "System";

    [Fact]
    public void The_engine_references_nothing_but_the_platform()
    {
        Assert.Empty(References(typeof(TrialPlan)));
    }

    [Fact]
    public void The_sweep_core_references_the_engine_and_yaml_and_nothing_of_akka_aspnet_sql_telemetry_plots_or_the_console()
    {
        Assert.Equal(["Hpo.Engine", "YamlDotNet"], References(typeof(SweepController)));
    }

    [Fact]
    public void The_wire_protocol_references_the_engine_and_akka_only()
    {
        Assert.Equal(["Akka", "Hpo.Engine"], References(typeof(EpochReport)));
    }

    [Fact]
    public void The_shared_node_runtime_and_the_worker_know_no_coordinator_and_no_sweep_core()
    {
        foreach (var anchor in new[] { typeof(NodeHosting), typeof(TrialEntity) })
        {
            var references = References(anchor);
            Assert.DoesNotContain(references, r => r.StartsWith("Hpo.Coordinator", StringComparison.Ordinal) || r == "Hpo.Sweeps" || r == "hpo");
        }
        Assert.DoesNotContain("Hpo.Worker", References(typeof(NodeHosting)));
    }

    [Fact]
    public void Only_the_executable_holds_the_command_line_and_the_console()
    {
        var coordinator = References(typeof(Hpo.Coordinator.Cluster.SweepActor));
        Assert.DoesNotContain("Spectre.Console", coordinator);
        Assert.DoesNotContain("hpo", coordinator);
        Assert.Equal("hpo", typeof(Hpo.Cli.HpoCommandLine).Assembly.GetName().Name);
    }
}
