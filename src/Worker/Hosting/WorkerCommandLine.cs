using System.Globalization;

namespace Hpo.Worker.Hosting;

/// <summary>A wrong command line: the message says what and how to do it right.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The worker executable's flags, turned into configuration keys that override appsettings.json and the
/// <c>HPO__...</c> environment variables.
/// </summary>
public static class WorkerCommandLine
{
    public const string Usage = """
        usage: hpo-worker [--seed ADDRESS]... [--hostname HOST] [--public-hostname HOST] [--port PORT]
                          [--slots N] [--queue N] [--data-dir DIR] [--checkpoint-dir DIR] [--system NAME]
                          [--checkpoint-store directory|sql] [--checkpoint-provider postgresql|sqlite]
                          [--checkpoint-connection CONNECTION-STRING] [--simulate] [--simulate-epoch-ms MS]
          --seed                   a seed node to join, e.g. akka.tcp://hpo@127.0.0.1:4053 (repeatable; none = found a cluster)
          --hostname               the address to bind (default 127.0.0.1)
          --public-hostname        the address other nodes reach this one at (default: --hostname)
          --port                   the port to bind (default 0: any free port)
          --slots                  trainings run at once (default: the core count)
          --queue                  rungs accepted beyond the slots, starting the moment one frees (default: --slots; 0: none)
          --data-dir               where datasets and transfer models are found (default: the current directory)
          --checkpoint-dir         where checkpoints are kept (default: DATA-DIR/.hpo/checkpoints)
          --system                 the actor system's name (default hpo)
          --checkpoint-store       directory (default) or sql: a table every worker of the cluster reaches
          --checkpoint-provider    the SQL store's database: postgresql or sqlite
          --checkpoint-connection  the SQL store's connection string, e.g. Host=db;Username=hpo;Password=...;Database=hpo
                                   (prefer the environment variable HPO__WORKER__CHECKPOINTCONNECTIONSTRING for a password)
          --simulate               train surrogate learning curves instead of models (scale tests; no data, no checkpoints)
          --simulate-epoch-ms      with --simulate: milliseconds each epoch holds its slot (default 0)
        Settings also come from appsettings.json (section Hpo) and environment variables HPO__CLUSTER__PORT, HPO__WORKER__SLOTS, ...
        """;

    private static readonly Dictionary<string, string> Keys = new()
    {
        ["--hostname"] = "Hpo:Cluster:Hostname",
        ["--public-hostname"] = "Hpo:Cluster:PublicHostname",
        ["--port"] = "Hpo:Cluster:Port",
        ["--system"] = "Hpo:Cluster:SystemName",
        ["--slots"] = "Hpo:Worker:Slots",
        ["--queue"] = "Hpo:Worker:QueuedRungs",
        ["--data-dir"] = "Hpo:Worker:DataDirectory",
        ["--checkpoint-dir"] = "Hpo:Worker:CheckpointDirectory",
        ["--checkpoint-store"] = "Hpo:Worker:CheckpointStore",
        ["--checkpoint-provider"] = "Hpo:Worker:CheckpointProvider",
        ["--checkpoint-connection"] = "Hpo:Worker:CheckpointConnectionString",
        ["--simulate-epoch-ms"] = "Hpo:Worker:SimulateEpochMs",
    };

    private static readonly HashSet<string> Numbers = ["--port", "--slots", "--queue", "--simulate-epoch-ms"];

    /// <summary>Configuration keys and values; null when help was asked for.</summary>
    public static Dictionary<string, string?>? Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string?>();
        int seeds = 0;
        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help") return null;
            if (arg == "--simulate")
            {
                values["Hpo:Worker:Simulate"] = "true";
                continue;
            }
            string flag = arg, value;
            int equals = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                flag = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException(Keys.ContainsKey(arg) || arg == "--seed" ? $"{arg} needs a value" : $"unknown argument '{arg}'");
            }
            if (flag == "--seed")
            {
                values[$"Hpo:Cluster:Seeds:{seeds++}"] = value;
                continue;
            }
            if (!Keys.TryGetValue(flag, out var key)) throw new UsageException($"unknown argument '{flag}'");
            if (Numbers.Contains(flag) && !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw new UsageException($"{flag} needs a whole number, not '{value}'");
            values[key] = value;
        }
        return values;
    }
}
