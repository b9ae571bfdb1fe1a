using System.Data.Common;
using System.Net;
using System.Text.Json.Nodes;
using Hpo.Coordinator.Persistence;
using Hpo.TestSupport;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>
/// `hpo serve` (coordinator only) and `hpo worker` processes on loopback, as <see cref="ClusterProcess"/>es.
/// Every port is fixed up front, so a killed coordinator restarts on its own address. Its seed list is itself, then the
/// workers (as <c>deploy/local/cluster.sh</c> starts it): on a first start nobody answers and it founds the cluster
/// after the seed-node timeout; on a restart the surviving workers answer and the new incarnation joins their cluster.
/// With <see cref="CoordinatorSeedsWorkers"/> false it is started as the README starts it, with no seed: a restart
/// founds a new cluster, which the workers join again on their own.
/// </summary>
internal sealed class LocalCluster : IDisposable
{
    public static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    private readonly string? _postgres;
    private readonly string[] _storageArgs;
    private readonly string[] _checkpointArgs;
    private readonly Dictionary<string, string> _env = new();

    public LocalCluster(string dataDirectory, int workers, string? postgres = null)
    {
        DataDirectory = dataDirectory;
        Directory.CreateDirectory(dataDirectory);
        _postgres = postgres;
        // One run of free ports, so no two processes are handed the same one.
        int first = FreePort.Consecutive(2 + 2 * workers);
        HttpPort = first;
        ClusterPort = first + 1;
        WorkerPorts = Enumerable.Range(0, workers).Select(i => first + 2 + i).ToArray();
        WorkerHttpPorts = Enumerable.Range(0, workers).Select(i => first + 2 + workers + i).ToArray();
        Api = $"http://127.0.0.1:{HttpPort}";
        Http = new HttpClient { BaseAddress = new Uri(Api), Timeout = TimeSpan.FromMinutes(3) };
        if (postgres is null)
        {
            _storageArgs = [];
            _checkpointArgs = [];
        }
        else
        {
            // The journal and the checkpoints in one PostgreSQL database; the connection string stays out of the arguments.
            _storageArgs = ["--storage", "postgresql"];
            _checkpointArgs = ["--checkpoint-store", "database"];
            _env["HPO__STORAGE__CONNECTIONSTRING"] = postgres;
        }
    }

    /// <summary>Whether the coordinator lists itself and the workers as seeds (cluster.sh) or none (the README's <c>hpo serve</c>).</summary>
    public bool CoordinatorSeedsWorkers { get; init; } = true;

    /// <summary>An environment variable of every process started from now on (the settings the manifests set this way).</summary>
    public void SetEnvironment(string name, string value) => _env[name] = value;

    public string DataDirectory { get; }
    public int HttpPort { get; }
    public int ClusterPort { get; }
    public int[] WorkerPorts { get; }

    /// <summary>Where worker i serves /metrics, /healthz and /readyz.</summary>
    public int[] WorkerHttpPorts { get; }
    public string Api { get; }
    public HttpClient Http { get; }
    public ClusterProcess? Coordinator { get; private set; }
    public List<ClusterProcess> Workers { get; } = [];

    public JournalDatabase Journal => _postgres is null
        ? new JournalDatabase { DataDirectory = Path.GetFullPath(DataDirectory) }
        : JournalDatabase.Postgres(Path.GetFullPath(DataDirectory), _postgres);

    private static string Address(int port) => $"akka.tcp://hpo@127.0.0.1:{port}";

    /// <summary>Starts (or restarts) the coordinator and waits for its API line.</summary>
    public async Task StartCoordinator()
    {
        var args = new List<string> { "serve", "--data-dir", DataDirectory, "--http", Api, "--port", ClusterPort.ToString() };
        if (CoordinatorSeedsWorkers)
            foreach (var p in WorkerPorts.Prepend(ClusterPort)) args.AddRange(["--seed", Address(p)]);
        args.AddRange(_storageArgs);
        Coordinator = ClusterProcess.Start("hpo.dll", _env, args.ToArray());
        await Coordinator.WaitForLine(l => l.StartsWith("hpo coordinator: API on", StringComparison.Ordinal), Long);
    }

    /// <summary>Starts the workers with <paramref name="slots"/> slots each and any further flags.</summary>
    public void StartWorkers(int slots = 1, params string[] flags)
    {
        for (int i = Workers.Count; i < WorkerPorts.Length; i++) StartWorker(slots, flags);
    }

    /// <summary>Starts the next worker (on the next of <see cref="WorkerPorts"/>) with <paramref name="slots"/> slots and any further flags.</summary>
    public ClusterProcess StartWorker(int slots = 1, params string[] flags)
    {
        int i = Workers.Count;
        var worker = ClusterProcess.Start("hpo.dll", _env,
            ["worker", "--seed", Address(ClusterPort), "--port", WorkerPorts[i].ToString(), "--http", $"http://127.0.0.1:{WorkerHttpPorts[i]}",
             "--slots", slots.ToString(), "--data-dir", DataDirectory, .. _storageArgs, .. _checkpointArgs, .. flags]);
        Workers.Add(worker);
        return worker;
    }

    public async Task<string> Submit(string spec)
    {
        var created = await Http.PostAsync("/sweeps?source=sweep.yaml", new StringContent(spec));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
    }

    public async Task<JsonNode> Status(string id) => JsonNode.Parse(await Http.GetStringAsync($"/sweeps/{id}?top=1000"))!;

    public async Task<JsonNode> Trial(string id, int trial) => JsonNode.Parse(await Http.GetStringAsync($"/sweeps/{id}/trials/{trial}"))!;

    /// <summary>
    /// Polls the sweep (tolerating an API that is not up yet) until the condition holds; gives up when the
    /// sweep has trained no epoch for <see cref="Long"/>, not after a fixed time, so a slow machine passes.
    /// </summary>
    public async Task<JsonNode> WaitFor(string id, Func<JsonNode, bool> condition, string what)
    {
        var deadline = new StallDeadline(Long);
        JsonNode? status = null;
        while (true)
        {
            try
            {
                status = await Status(id);
                if (condition(status)) return status;
                deadline.Observe((double?)status["epochs_total"] ?? 0);
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            Assert.False(deadline.Passed, $"{deadline.Describe(what)}: {status?.ToJsonString()}\ncoordinator errors:\n{Coordinator?.Errors}");
            await Task.Delay(50);
        }
    }

    public async Task<JsonNode> WaitForEnd(string id) =>
        await WaitFor(id, s => (string?)s["state"] != "running", "the sweep did not finish");

    public void Dispose()
    {
        Http.Dispose();
        foreach (var w in Workers) w.Dispose();
        Coordinator?.Dispose();
    }
}

/// <summary>One event of a sweep's journal, read straight from its table (SQLite or PostgreSQL).</summary>
internal sealed record JournalRow(long Ordering, string PersistenceId, string Manifest, JsonNode Payload)
{
    public int Trial => (int)Payload["trial"]!;

    /// <summary>Every coordinator event of the journal in the order written (the coordinator must be stopped or dead).</summary>
    public static async Task<List<JournalRow>> ReadAll(JournalDatabase journal)
    {
        await using DbConnection connection = journal.IsPostgres
            ? new NpgsqlConnection(journal.ConnectionString)
            : new SqliteConnection(journal.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ordering, persistence_id, manifest, message FROM journal ORDER BY ordering";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<JournalRow>();
        while (await reader.ReadAsync())
        {
            var bytes = (byte[])reader.GetValue(3);
            if (bytes.Length == 0 || bytes[0] != (byte)'{') continue; // another plugin's record (cluster sharding's, for one)
            long ordering = reader.GetInt64(0);
            string persistenceId = reader.GetString(1), manifest = reader.GetString(2);
            var payload = JsonNode.Parse(bytes)!;
            if (manifest != "eb")
            {
                rows.Add(new JournalRow(ordering, persistenceId, manifest, payload));
                continue;
            }
            // A batch of events written as one row: each event in order, under the batch's ordering.
            foreach (var e in payload["events"]!.AsArray())
                rows.Add(new JournalRow(ordering, persistenceId, (string)e!["m"]!, e["e"]!.DeepClone()));
        }
        return rows;
    }

    /// <summary>Manifests of the events that end a trial (completed, stopped, failed, diverged).</summary>
    public static readonly string[] Terminal = ["tc", "tst", "tf", "td"];
}
