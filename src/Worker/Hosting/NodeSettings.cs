using Hpo.Node.Hosting;
using Hpo.Node.Storage;
using Hpo.Worker.Cluster;
using Microsoft.Extensions.Configuration;

namespace Hpo.Worker.Hosting;

/// <summary>
/// The settings every process reads from the one configuration (<see cref="HpoConfiguration"/>): its data directory,
/// its place in the cluster, its worker side and its database.
/// </summary>
public sealed record NodeSettings
{
    /// <summary>The data directory, absolute.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>How the process joins the cluster (<c>Hpo:Cluster</c>).</summary>
    public HpoClusterOptions Cluster { get; init; } = new();

    /// <summary>The worker side (<c>Hpo:Worker</c>), when the process trains.</summary>
    public WorkerOptions Worker { get; init; } = new();

    /// <summary>The database of the journal and of the database checkpoint store (<c>Hpo:Storage</c>).</summary>
    public StorageOptions Storage { get; init; } = new();

    /// <summary>The directory checkpoint store's directory.</summary>
    public string CheckpointDirectory => Worker.CheckpointDirectoryIn(DataDirectory);

    /// <summary>The settings of <paramref name="configuration"/>; every problem of every section in one <see cref="SettingsException"/>.</summary>
    public static NodeSettings Load(IConfiguration configuration)
    {
        var reader = new SettingsReader(configuration);
        var settings = Read(reader);
        reader.ThrowIfAny();
        return settings;
    }

    /// <summary>The node's sections, their problems kept in <paramref name="reader"/>.</summary>
    public static NodeSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var node = reader.Section<NodeOptions>(NodeOptions.Section, o => o.Validate());
        return new NodeSettings
        {
            DataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(node.DataDirectory) ? NodeOptions.DefaultDataDirectory : node.DataDirectory),
            Cluster = reader.Section<HpoClusterOptions>(HpoClusterOptions.Section, o => o.Validate()),
            Worker = reader.Section<WorkerOptions>(WorkerOptions.Section, o => o.Validate()),
            Storage = reader.Section<StorageOptions>(StorageOptions.Section, o => o.Validate()),
        };
    }
}
