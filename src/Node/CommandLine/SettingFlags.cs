using System.CommandLine;

namespace Hpo.Node.CommandLine;

/// <summary>
/// Command-line flags that set keys of the one configuration (<see cref="Hosting.HpoConfiguration"/>): a flag given
/// wins over the environment and the settings files; a flag left out sets nothing. Values are checked where every
/// source is checked, when the settings are bound.
/// </summary>
public sealed class SettingFlags
{
    private readonly List<Option> _options = [];
    private readonly List<Func<ParseResult, IEnumerable<KeyValuePair<string, string?>>>> _readers = [];

    /// <summary>Every flag, to add to a command.</summary>
    public IReadOnlyList<Option> Options => _options;

    /// <summary>A flag with a value that sets <paramref name="key"/>.</summary>
    public Option<string> Value(string name, string key, string description)
    {
        var option = new Option<string>(name) { Description = $"{description} [{key}]" };
        Add(option, result => result.GetValue(option) is { } value ? [new(key, value)] : []);
        return option;
    }

    /// <summary>A switch that sets <paramref name="key"/> to true.</summary>
    public Option<bool> Switch(string name, string key, string description)
    {
        var option = new Option<bool>(name) { Description = $"{description} [{key}]" };
        Add(option, result => result.GetValue(option) ? [new(key, "true")] : []);
        return option;
    }

    /// <summary>A repeatable flag whose values set <c>key:0</c>, <c>key:1</c>, ...</summary>
    public Option<string[]> List(string name, string key, string description)
    {
        var option = new Option<string[]>(name) { Description = $"{description} (repeatable) [{key}]", AllowMultipleArgumentsPerToken = false };
        Add(option, result => (result.GetValue(option) ?? []).Select((value, i) => new KeyValuePair<string, string?>($"{key}:{i}", value)));
        return option;
    }

    /// <summary>The configuration keys the flags given in <paramref name="result"/> set.</summary>
    public Dictionary<string, string?> Values(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var read in _readers)
        {
            foreach (var (key, value) in read(result)) values[key] = value;
        }
        return values;
    }

    /// <summary>Adds every flag to <paramref name="command"/>.</summary>
    public Command AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in _options) command.Options.Add(option);
        return command;
    }

    /// <summary><c>--data-dir</c>.</summary>
    public SettingFlags WithDataDirectory(string description)
    {
        Value("--data-dir", Hosting.HpoConfiguration.DataDirectoryKey, description);
        return this;
    }

    /// <summary>How the process joins the cluster: <c>--seed</c>, <c>--hostname</c>, <c>--public-hostname</c>, <c>--port</c>, <c>--system</c>, <c>--certificate</c>.</summary>
    public SettingFlags WithCluster()
    {
        List("--seed", "Hpo:Cluster:Seeds", "a seed node to join, e.g. akka.tcp://hpo@127.0.0.1:4053 (none: found a cluster)");
        Value("--hostname", "Hpo:Cluster:Hostname", "the address to bind (default 127.0.0.1)");
        Value("--public-hostname", "Hpo:Cluster:PublicHostname", "the address other nodes reach this one at (default: the hostname)");
        Value("--port", "Hpo:Cluster:Port", "the cluster port (0: any free port)");
        Value("--system", "Hpo:Cluster:SystemName", "the actor system's name (default hpo)");
        Value("--certificate", "Hpo:Cluster:Certificate",
            "the cluster's certificate, a PFX file or a PEM one: mutual TLS on the cluster port, only peers presenting it join (password: HPO__CLUSTER__CERTIFICATEPASSWORD)");
        Value("--certificate-key", "Hpo:Cluster:CertificateKey", "the private key (PEM) of a PEM --certificate, e.g. tls.key of a Kubernetes TLS Secret");
        return this;
    }

    /// <summary>The worker side: <c>--slots</c>, <c>--queue</c>, <c>--checkpoint-store</c>, <c>--checkpoint-dir</c>, <c>--simulate</c>, <c>--simulate-epoch-ms</c>.</summary>
    public SettingFlags WithWorker()
    {
        Value("--slots", "Hpo:Worker:Slots", "trainings at once (default: the core count)");
        Value("--queue", "Hpo:Worker:QueuedRungs", "rungs accepted beyond the slots, started the moment one frees (default: as many as slots; 0: none)");
        Value("--checkpoint-store", "Hpo:Worker:CheckpointStore", "directory (default) or database (the Hpo:Storage database)");
        Value("--checkpoint-dir", "Hpo:Worker:CheckpointDirectory", "the directory store's directory (default: DATA-DIR/checkpoints)");
        Switch("--simulate", "Hpo:Worker:Simulate", "train surrogate learning curves instead of models (scale tests)");
        Value("--simulate-epoch-ms", "Hpo:Worker:SimulateEpochMs", "with --simulate: milliseconds each epoch holds its slot (default 0)");
        return this;
    }

    /// <summary>The database: <c>--storage</c>, <c>--connection-string</c>.</summary>
    public SettingFlags WithStorage()
    {
        Value("--storage", "Hpo:Storage:Provider", "sqlite (default: a file in the data directory) or postgresql");
        Value("--connection-string", "Hpo:Storage:ConnectionString",
            "the database's connection string, e.g. Host=db;Username=hpo;Password=...;Database=hpo (prefer HPO__STORAGE__CONNECTIONSTRING for a password)");
        return this;
    }

    private void Add(Option option, Func<ParseResult, IEnumerable<KeyValuePair<string, string?>>> read)
    {
        _options.Add(option);
        _readers.Add(read);
    }
}
