using Akka.Actor;
using Hpo.Worker.Checkpoints;

namespace Hpo.Worker.Hosting;

/// <summary>
/// A worker node's settings (configuration section <c>Hpo:Worker</c>; environment <c>HPO__WORKER__SLOTS</c>, ...;
/// command line <c>--slots</c>, <c>--data-dir</c>).
/// </summary>
public sealed class WorkerOptions
{
    public const string Section = "Hpo:Worker";

    /// <summary>Trainings the node runs at once (default: its core count).</summary>
    public int Slots { get; set; } = Environment.ProcessorCount;

    /// <summary>Where relative CSV paths and transfer models are found, and where checkpoints go by default.</summary>
    public string DataDirectory { get; set; } = ".";

    /// <summary>Where the directory checkpoint store keeps checkpoints (default: <c>{DataDirectory}/.hpo/checkpoints</c>).</summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>
    /// Where checkpoints live: <c>directory</c> (default; one machine, or a directory every node mounts) or
    /// <c>sql</c> (a table in the database of <see cref="CheckpointConnectionString"/>; what a cluster of machines uses).
    /// </summary>
    public string CheckpointStore { get; set; } = "directory";

    /// <summary>The SQL store's database: <c>postgresql</c> (a cluster) or <c>sqlite</c> (a file, one machine).</summary>
    public string? CheckpointProvider { get; set; }

    /// <summary>
    /// The SQL store's connection string: Npgsql's (<c>Host=db;Port=5432;Username=hpo;Password=...;Database=hpo</c>)
    /// or Microsoft.Data.Sqlite's (<c>Data Source=/srv/hpo/checkpoints.db</c>).
    /// </summary>
    public string? CheckpointConnectionString { get; set; }

    /// <summary>The SQL store's table (created on first use).</summary>
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

    /// <summary>How often the node announces its capacity and the dispatches it holds (the coordinator's reconciliation).</summary>
    public TimeSpan CapacityInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Train surrogate learning curves instead of models (<c>--simulate</c>): the same protocol and placement,
    /// no datasets, no checkpoints; for scale tests of the real cluster (<c>Hpo.Worker.Simulation</c>).
    /// </summary>
    public bool Simulate { get; set; }

    /// <summary>With <see cref="Simulate"/>: milliseconds each simulated epoch holds its slot (0 = none).</summary>
    public int SimulateEpochMs { get; set; }

    public string CheckpointDirectoryOrDefault => CheckpointDirectory ?? Path.Combine(DataDirectory, ".hpo", "checkpoints");

    public int IdleModelsOrDefault => MaxIdleModels > 0 ? MaxIdleModels : 2 * Slots;

    public int QueuedRungsOrDefault => QueuedRungs ?? Slots;

    /// <summary>True when checkpoints go to the SQL store.</summary>
    public bool UsesSqlCheckpoints => string.Equals(CheckpointStore, "sql", StringComparison.OrdinalIgnoreCase);

    /// <summary>What is wrong with these settings (empty when nothing).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Slots is < 1 or > 4096) errors.Add($"Hpo:Worker:Slots must be between 1 and 4096 (is {Slots})");
        if (string.IsNullOrWhiteSpace(DataDirectory)) errors.Add("Hpo:Worker:DataDirectory is empty");
        if (CheckpointDirectory is not null && string.IsNullOrWhiteSpace(CheckpointDirectory))
            errors.Add("Hpo:Worker:CheckpointDirectory is empty");
        errors.AddRange(ValidateCheckpointStore());
        if (QueuedRungs is < 0 or > 4096) errors.Add($"Hpo:Worker:QueuedRungs must be between 0 and 4096 (is {QueuedRungs})");
        if (DatasetCacheSize < 1) errors.Add($"Hpo:Worker:DatasetCacheSize must be at least 1 (is {DatasetCacheSize})");
        if (MaxIdleModels < 0) errors.Add($"Hpo:Worker:MaxIdleModels must not be negative (is {MaxIdleModels})");
        if (KeepModelsFor <= TimeSpan.Zero) errors.Add($"Hpo:Worker:KeepModelsFor must be positive (is {KeepModelsFor})");
        if (SimulateEpochMs is < 0 or > 3_600_000) errors.Add($"Hpo:Worker:SimulateEpochMs must be between 0 and 3600000 (is {SimulateEpochMs})");
        if (CapacityInterval <= TimeSpan.Zero) errors.Add($"Hpo:Worker:CapacityInterval must be positive (is {CapacityInterval})");
        return errors;
    }

    private IEnumerable<string> ValidateCheckpointStore()
    {
        if (UsesSqlCheckpoints)
        {
            if (!SqlCheckpointStore.TryParseProvider(CheckpointProvider, out var provider))
            {
                yield return CheckpointProvider is null
                    ? "Hpo:Worker:CheckpointProvider must be set to postgresql or sqlite when Hpo:Worker:CheckpointStore is sql"
                    : $"Hpo:Worker:CheckpointProvider must be postgresql or sqlite (is '{CheckpointProvider}')";
            }
            else if (SqlCheckpointStore.CheckConnectionString(provider, CheckpointConnectionString) is { } problem)
            {
                yield return $"Hpo:Worker:CheckpointConnectionString: {problem}";
            }
            if (SqlCheckpointStore.CheckTable(CheckpointTable) is { } table) yield return $"Hpo:Worker:CheckpointTable: {table}";
        }
        else if (!string.Equals(CheckpointStore, "directory", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"Hpo:Worker:CheckpointStore must be directory or sql (is '{CheckpointStore}')";
        }
        else if (!string.IsNullOrEmpty(CheckpointConnectionString))
        {
            yield return "Hpo:Worker:CheckpointConnectionString is set but Hpo:Worker:CheckpointStore is directory: set CheckpointStore to sql to keep checkpoints in the database";
        }
    }
}

/// <summary>
/// How a process joins the cluster (configuration section <c>Hpo:Cluster</c>; command line <c>--hostname</c>,
/// <c>--port</c>, <c>--seed</c>). With no seeds the process joins itself: it founds a new cluster.
/// </summary>
public sealed class HpoClusterOptions
{
    public const string Section = "Hpo:Cluster";

    /// <summary>The actor system's name; every member and seed address must use it.</summary>
    public string SystemName { get; set; } = "hpo";

    /// <summary>The address to bind (and to be reached at, unless <see cref="PublicHostname"/> is set).</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    public string? PublicHostname { get; set; }

    /// <summary>The port to bind; 0 = any free port.</summary>
    public int Port { get; set; }

    /// <summary>Seed node addresses, e.g. <c>akka.tcp://hpo@127.0.0.1:4053</c>.</summary>
    public List<string> Seeds { get; set; } = [];

    /// <summary>The split-brain resolver's strategy: <c>keep-majority</c> or <c>keep-oldest</c>.</summary>
    public string SplitBrainStrategy { get; set; } = "keep-majority";

    /// <summary>How long membership must be stable before the resolver downs unreachable nodes.</summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(SystemName) || !SystemName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            errors.Add($"Hpo:Cluster:SystemName must be letters, digits, '-' or '_' (is '{SystemName}')");
        if (string.IsNullOrWhiteSpace(Hostname)) errors.Add("Hpo:Cluster:Hostname is empty");
        if (Port is < 0 or > 65535) errors.Add($"Hpo:Cluster:Port must be between 0 and 65535 (is {Port})");
        foreach (var seed in Seeds)
        {
            Address? address = null;
            try
            {
                address = Address.Parse(seed);
            }
            catch (Exception e) when (e is UriFormatException or ArgumentException)
            {
            }
            if (address is null || address.Host is null || address.Port is null)
                errors.Add($"Hpo:Cluster:Seeds: '{seed}' is not a node address like akka.tcp://{SystemName}@127.0.0.1:4053");
            else if (address.System != SystemName)
                errors.Add($"Hpo:Cluster:Seeds: '{seed}' names the actor system '{address.System}', not '{SystemName}'");
        }
        if (SplitBrainStrategy is not ("keep-majority" or "keep-oldest"))
            errors.Add($"Hpo:Cluster:SplitBrainStrategy must be keep-majority or keep-oldest (is '{SplitBrainStrategy}')");
        if (StableAfter <= TimeSpan.Zero) errors.Add($"Hpo:Cluster:StableAfter must be positive (is {StableAfter})");
        return errors;
    }
}
