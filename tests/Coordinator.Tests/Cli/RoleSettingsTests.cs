using System.Net;
using System.Net.Sockets;
using Hpo.Coordinator.Tests.Integration;

namespace Hpo.Coordinator.Tests.Cli;

/// <summary>
/// The one configuration, in every role (<c>hpo run</c>, <c>hpo serve</c>, <c>hpo worker</c>): a flag beats an
/// environment variable, which beats appsettings.json in the data directory, which beats the default; a bad setting
/// of any kind is one message and exit code 2.
/// </summary>
public sealed class RoleSettingsTests
{
    private const string TinySweep = """
        name: tiny
        data: {dataset: iris, validation: 0.2}
        model: {layers: 1, units: {choice: [8, 16]}}
        training: {max_epochs: 3}
        search: {sampler: random, scheduler: fifo, max_trials: 2}
        """;

    public static TheoryData<string> Roles => ["run", "serve", "worker"];

    [Theory]
    [Trait("Category", "Integration")]
    [MemberData(nameof(Roles))]
    public async Task A_flag_beats_the_environment_which_beats_appsettings_which_beats_the_default(string role)
    {
        using var dir = new TempDir();
        var spec = dir.Write("tiny.yaml", TinySweep);
        async Task<int> SlotsShown(string name, bool file, bool environment, bool flag)
        {
            var data = Path.Combine(dir.Path, name);
            Directory.CreateDirectory(data);
            if (file) File.WriteAllText(Path.Combine(data, "appsettings.json"), """{ "Hpo": { "Worker": { "Slots": 11 } } }""");
            var env = new Dictionary<string, string>();
            if (environment) env["HPO__WORKER__SLOTS"] = "12";
            var args = Arguments(role, spec, data).ToList();
            if (flag) args.AddRange(["--slots", "13"]);
            using var process = ClusterProcess.Start("hpo.dll", env, args.ToArray());
            var line = await process.WaitForLine(l => l.Contains(" slots", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
            return int.Parse(System.Text.RegularExpressions.Regex.Match(line, @"(\d+) slots").Groups[1].Value);
        }

        var shown = await Task.WhenAll(
            SlotsShown("all", file: true, environment: true, flag: true),
            SlotsShown("no-flag", file: true, environment: true, flag: false),
            SlotsShown("file-only", file: true, environment: false, flag: false),
            SlotsShown("none", file: false, environment: false, flag: false));

        Assert.Equal([13, 12, 11, Environment.ProcessorCount], shown);
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task A_bad_number_is_one_message_and_exit_code_2(string role)
    {
        using var dir = new TempDir();
        var run = await CliRun.Of([.. Arguments(role, dir.Write("tiny.yaml", TinySweep), dir.Path), "--slots", "many"]);
        AssertOneError(run, "error: bad settings: Hpo:Worker:Slots: 'many' is not a whole number");
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task An_unknown_storage_provider_is_one_message_and_exit_code_2(string role)
    {
        using var dir = new TempDir();
        var run = await CliRun.Of([.. Arguments(role, dir.Write("tiny.yaml", TinySweep), dir.Path), "--storage", "mysql"]);
        AssertOneError(run, "error: bad settings: Hpo:Storage:Provider: 'mysql' is not one of sqlite, postgresql");
    }

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task An_unreachable_database_is_one_message_and_exit_code_2(string role)
    {
        using var dir = new TempDir();
        int port = ClosedPort();
        var args = Arguments(role, dir.Write("tiny.yaml", TinySweep), dir.Path).ToList();
        args.AddRange(["--storage", "postgresql", "--connection-string", $"Host=127.0.0.1;Port={port};Username=hpo;Password=s3cret-pw;Database=hpo;Timeout=3"]);
        if (role == "worker") args.AddRange(["--checkpoint-store", "database"]);

        var run = await CliRun.Of([.. args]);

        var line = AssertOneError(run, $"error: cannot ");
        Assert.Contains($"(PostgreSQL 127.0.0.1:{port}/hpo)", line);
        Assert.DoesNotContain("s3cret-pw", run.Stderr + run.Stdout);
    }

    [Fact]
    public async Task Simulating_without_training_is_a_bad_combination_for_a_coordinator()
    {
        using var dir = new TempDir();
        var run = await CliRun.Of("serve", "--data-dir", dir.Path, "--http", "http://127.0.0.1:0", "--port", "0", "--simulate");
        AssertOneError(run, "error: bad settings: Hpo:Worker:Simulate needs Hpo:Coordinator:Train (--worker)");
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_ends_in_one_clear_message()
    {
        using var dir = new TempDir();
        var file = dir.Write("not-a-directory", "x");
        var run = await CliRun.Of("run", dir.Write("tiny.yaml", TinySweep), "--data-dir", file);
        AssertOneError(run, "error: cannot open the database (SQLite");
    }

    /// <summary>The arguments that start <paramref name="role"/> on free ports in <paramref name="data"/>.</summary>
    private static string[] Arguments(string role, string spec, string data) => role switch
    {
        "run" => ["run", spec, "--data-dir", data, "--simulate"],
        "serve" => ["serve", "--data-dir", data, "--http", "http://127.0.0.1:0", "--port", "0", "--worker"],
        _ => ["worker", "--data-dir", data, "--port", "0", "--http", "http://127.0.0.1:0"],
    };

    private static string AssertOneError(CliRun run, string start)
    {
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.StartsWith(start, line);
        Assert.DoesNotContain("   at ", run.Stderr);
        return line;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
