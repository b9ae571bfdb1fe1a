using Hpo.Coordinator.Cluster;
using Hpo.Coordinator.Persistence;
using Hpo.Node.Hosting;
using Hpo.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Hpo.Coordinator.Hosting;

/// <summary>What a coordinator process runs: its node settings (data, cluster, worker side, database), whether it trains too.</summary>
public sealed record CoordinatorNodeSettings
{
    /// <summary>The settings every process has.</summary>
    public required NodeSettings Node { get; init; }

    /// <summary>The coordinator's own settings.</summary>
    public CoordinatorOptions Coordinator { get; init; } = new();

    /// <summary>The sweep registry's timing.</summary>
    public SweepRegistryOptions Registry { get; init; } = new();

    /// <summary>Log level of Akka and the host (to stderr).</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>True when this process trains too (both roles).</summary>
    public bool Train => Coordinator.Train;

    /// <summary>The journal: the node's database.</summary>
    public JournalDatabase Journal => new() { DataDirectory = Node.DataDirectory, Storage = Node.Storage };

    /// <summary>The settings of <paramref name="configuration"/>; every problem in one <see cref="SettingsException"/>.</summary>
    public static CoordinatorNodeSettings Load(IConfiguration configuration)
    {
        var reader = new SettingsReader(configuration);
        var node = NodeSettings.Read(reader);
        var coordinator = reader.Section<CoordinatorOptions>(CoordinatorOptions.Section, o => o.Validate());
        if (node.Worker.Simulate && !coordinator.Train)
            reader.Problem("Hpo:Worker:Simulate needs Hpo:Coordinator:Train (--worker): it is how this process trains");
        reader.ThrowIfAny();
        return new CoordinatorNodeSettings { Node = node, Coordinator = coordinator };
    }
}
