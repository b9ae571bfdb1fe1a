namespace Hpo.Worker.Cluster;

/// <summary>Where a worker keeps its trials' checkpoints (<c>Hpo:Worker:CheckpointStore</c>).</summary>
public enum CheckpointStoreKind
{
    /// <summary>Files in a directory (default: <c>checkpoints</c> under the data directory): one machine, or a directory every node mounts.</summary>
    Directory,

    /// <summary>A table of the <c>Hpo:Storage</c> database, which every worker of a cluster of machines reaches.</summary>
    Database,
}
