using Akka.Actor;

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

    /// <summary>Dataset splits the node keeps in memory.</summary>
    public int DatasetCacheSize { get; set; } = 4;

    /// <summary>Models of idle trials kept in memory for their next rung (0 = twice the slots); the least recently used go first.</summary>
    public int MaxIdleModels { get; set; }

    /// <summary>How long an idle trial keeps its model in memory; later rungs restore the checkpoint.</summary>
    public TimeSpan KeepModelsFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the node announces its capacity even when it did not change.</summary>
    public TimeSpan CapacityInterval { get; set; } = TimeSpan.FromSeconds(5);

    public string CheckpointDirectoryOrDefault => CheckpointDirectory ?? Path.Combine(DataDirectory, ".hpo", "checkpoints");

    public int IdleModelsOrDefault => MaxIdleModels > 0 ? MaxIdleModels : 2 * Slots;

    /// <summary>What is wrong with these settings (empty when nothing).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Slots is < 1 or > 4096) errors.Add($"Hpo:Worker:Slots must be between 1 and 4096 (is {Slots})");
        if (string.IsNullOrWhiteSpace(DataDirectory)) errors.Add("Hpo:Worker:DataDirectory is empty");
        if (CheckpointDirectory is not null && string.IsNullOrWhiteSpace(CheckpointDirectory))
            errors.Add("Hpo:Worker:CheckpointDirectory is empty");
        if (DatasetCacheSize < 1) errors.Add($"Hpo:Worker:DatasetCacheSize must be at least 1 (is {DatasetCacheSize})");
        if (MaxIdleModels < 0) errors.Add($"Hpo:Worker:MaxIdleModels must not be negative (is {MaxIdleModels})");
        if (KeepModelsFor <= TimeSpan.Zero) errors.Add($"Hpo:Worker:KeepModelsFor must be positive (is {KeepModelsFor})");
        if (CapacityInterval <= TimeSpan.Zero) errors.Add($"Hpo:Worker:CapacityInterval must be positive (is {CapacityInterval})");
        return errors;
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
