using Hpo.Worker.Checkpoints;

namespace Hpo.Worker.Cluster;

/// <summary>
/// A worker node's settings (configuration section <c>Hpo:Worker</c>; environment <c>HPO__WORKER__SLOTS</c>, ...;
/// command line <c>--slots</c>, <c>--queue</c>, ...).
/// </summary>
public sealed class WorkerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hpo:Worker";

    /// <summary>Trainings the node runs at once (default: its core count).</summary>
    public int Slots { get; set; } = Environment.ProcessorCount;

    /// <summary>Where checkpoints live: files in a directory (default) or a table of the <c>Hpo:Storage</c> database.</summary>
    public CheckpointStoreKind CheckpointStore { get; set; } = CheckpointStoreKind.Directory;

    /// <summary>Where the directory checkpoint store keeps checkpoints (default: <c>checkpoints</c> under the data directory).</summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>The database store's table (created on first use).</summary>
    public string CheckpointTable { get; set; } = SqlCheckpointStore.DefaultTable;

    /// <summary>Dataset splits the node keeps in memory.</summary>
    public int DatasetCacheSize { get; set; } = 4;

    /// <summary>Models of idle trials kept in memory for their next rung (0 = twice the slots); the least recently used go first.</summary>
    public int MaxIdleModels { get; set; }

    /// <summary>How long an idle trial keeps its model in memory; later rungs restore the checkpoint.</summary>
    public TimeSpan KeepModelsFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Rungs the node accepts beyond its slots, waiting for one (null = as many as slots): a waiting rung starts the
    /// moment a slot frees, so a slot never idles for the coordinator's round trip. 0 turns this off.
    /// </summary>
    public int? QueuedRungs { get; set; }

    /// <summary>
    /// Within a rung, a trial's model is stored every this many epochs (besides at the rung's end), so a node killed
    /// outright loses at most this many epochs of each trial it trained (0: at the end of a rung only).
    /// </summary>
    public int CheckpointEvery { get; set; } = 10;

    /// <summary>
    /// How long a worker that is asked to stop (SIGTERM) waits for its running rungs to reach the end of their epoch,
    /// store their models and hand them back before it leaves the cluster.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the node announces its capacity and the dispatches it holds (the coordinator's reconciliation).</summary>
    public TimeSpan CapacityInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Train surrogate learning curves instead of models (<c>--simulate</c>): the same protocol and placement,
    /// no datasets, no checkpoints; for scale tests of the real cluster (<c>Hpo.Worker.Simulation</c>).
    /// </summary>
    public bool Simulate { get; set; }

    /// <summary>With <see cref="Simulate"/>: milliseconds each simulated epoch holds its slot (0 = none).</summary>
    public int SimulateEpochMs { get; set; }

    /// <summary>
    /// Where a worker process (<c>hpo worker</c>) serves <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> (port 0: any
    /// free port). A coordinator that trains serves them on its own API address instead.
    /// </summary>
    public string Http { get; set; } = DefaultHttp;

    /// <summary>The default of <see cref="Http"/>: the port after the coordinator's API.</summary>
    public const string DefaultHttp = "http://127.0.0.1:5081";

    /// <summary>The directory store's directory for a node whose data directory is <paramref name="dataDirectory"/>.</summary>
    public string CheckpointDirectoryIn(string dataDirectory) => CheckpointDirectory ?? Path.Combine(dataDirectory, "checkpoints");

    /// <summary>Idle models kept: <see cref="MaxIdleModels"/>, or twice the slots.</summary>
    public int IdleModelsOrDefault => MaxIdleModels > 0 ? MaxIdleModels : 2 * Slots;

    /// <summary>Rungs queued beyond the slots: <see cref="QueuedRungs"/>, or as many as slots.</summary>
    public int QueuedRungsOrDefault => QueuedRungs ?? Slots;

    /// <summary>What is wrong with these settings (empty when nothing).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Slots is < 1 or > 4096) errors.Add($"Hpo:Worker:Slots must be between 1 and 4096 (is {Slots})");
        if (CheckpointDirectory is not null && string.IsNullOrWhiteSpace(CheckpointDirectory))
            errors.Add("Hpo:Worker:CheckpointDirectory is empty");
        if (CheckpointStore == CheckpointStoreKind.Database && SqlCheckpointStore.CheckTable(CheckpointTable) is { } table)
            errors.Add($"Hpo:Worker:CheckpointTable: {table}");
        if (CheckpointEvery < 0) errors.Add($"Hpo:Worker:CheckpointEvery must be 0 or more (is {CheckpointEvery})");
        if (DrainTimeout < TimeSpan.Zero) errors.Add($"Hpo:Worker:DrainTimeout must not be negative (is {DrainTimeout})");
        if (QueuedRungs is < 0 or > 4096) errors.Add($"Hpo:Worker:QueuedRungs must be between 0 and 4096 (is {QueuedRungs})");
        if (DatasetCacheSize < 1) errors.Add($"Hpo:Worker:DatasetCacheSize must be at least 1 (is {DatasetCacheSize})");
        if (MaxIdleModels < 0) errors.Add($"Hpo:Worker:MaxIdleModels must not be negative (is {MaxIdleModels})");
        if (KeepModelsFor <= TimeSpan.Zero) errors.Add($"Hpo:Worker:KeepModelsFor must be positive (is {KeepModelsFor})");
        if (SimulateEpochMs is < 0 or > 3_600_000) errors.Add($"Hpo:Worker:SimulateEpochMs must be between 0 and 3600000 (is {SimulateEpochMs})");
        if (SimulateEpochMs > 0 && !Simulate) errors.Add("Hpo:Worker:SimulateEpochMs needs Hpo:Worker:Simulate");
        if (!Uri.TryCreate(Http, UriKind.Absolute, out var http) || http.Scheme is not ("http" or "https"))
            errors.Add($"Hpo:Worker:Http must be an http URL such as http://0.0.0.0:5081 (is '{Http}')");
        if (CapacityInterval <= TimeSpan.Zero) errors.Add($"Hpo:Worker:CapacityInterval must be positive (is {CapacityInterval})");
        return errors;
    }
}
