using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Hpo.TestSupport;

/// <summary>PostgreSQL cannot be started for a test: not installed, or it failed (the message says which and how to fix it).</summary>
public sealed class PostgresUnavailableException(string message) : Exception(message);

/// <summary>
/// A throwaway PostgreSQL server for integration tests: <c>initdb</c> into a short temporary directory (as the
/// <c>postgres</c> user when the tests run as root, which initdb refuses), <c>pg_ctl start</c> on a free loopback
/// port with its log in that directory and its socket there too, a login role and a database for the tests.
/// <see cref="DisposeAsync"/> stops the server by its own pid (fast shutdown) and deletes the directory.
/// No installed PostgreSQL is a failure with a message, never a silent pass: CI installs Debian's <c>postgresql</c>.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    /// <summary>An environment variable naming the directory of initdb and pg_ctl, when they are not found by themselves.</summary>
    public const string BinVariable = "HPO_POSTGRES_BIN";

    private const string ServiceUser = "postgres";
    private const int SignalInterrupt = 2, SignalQuit = 3, SignalKill = 9;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly List<string> _connectionStrings = [];
    private int _disposed;

    private PostgresServer(string bin, string directory, int port, int pid, string password)
    {
        BinDirectory = bin;
        Directory = directory;
        Port = port;
        Pid = pid;
        Password = password;
        ConnectionString = ConnectionStringFor(Database);
        SuperuserConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = directory,
            Port = port,
            Username = ServiceUser,
            Database = "postgres",
            Pooling = false,
        }.ConnectionString;
    }

    /// <summary>Where initdb and pg_ctl were found.</summary>
    public string BinDirectory { get; }

    /// <summary>The server's temporary directory: <c>data/</c>, <c>pg.log</c> and the Unix socket.</summary>
    public string Directory { get; }

    public string DataDirectory => Path.Combine(Directory, "data");
    public string LogFile => Path.Combine(Directory, "pg.log");
    public const string Host = "127.0.0.1";
    public int Port { get; }

    /// <summary>The postmaster's pid (the first line of <c>data/postmaster.pid</c>).</summary>
    public int Pid { get; }

    /// <summary>The login role the tests use (owner of <see cref="Database"/>); it authenticates with a password (scram-sha-256).</summary>
    public const string Username = "hpo";

    public string Password { get; }
    public const string Database = "hpo";

    /// <summary>Npgsql's connection string for <see cref="Username"/> on <see cref="Database"/> over TCP.</summary>
    public string ConnectionString { get; }

    /// <summary>The superuser over the Unix socket (trust), for set-up the test role may not do.</summary>
    public string SuperuserConnectionString { get; }

    /// <summary>Starts a new server; throws <see cref="PostgresUnavailableException"/> when PostgreSQL is missing or fails to start.</summary>
    public static Task<PostgresServer> StartAsync(CancellationToken cancellation = default) => StartAsync(null, cancellation);

    /// <summary>Starts a new server with the initdb and pg_ctl of <paramref name="binDirectory"/> (null: <see cref="FindBinaries"/>).</summary>
    public static async Task<PostgresServer> StartAsync(string? binDirectory, CancellationToken cancellation = default)
    {
        const string install = "Install Debian's postgresql package (apt-get install -y postgresql), as .ci/run does, or point $" +
            BinVariable + " at the directory of initdb and pg_ctl.";
        var bin = binDirectory is null
            ? FindBinaries() ?? throw new PostgresUnavailableException(
                $"PostgreSQL is not installed: no initdb and pg_ctl in ${BinVariable}, /usr/lib/postgresql/*/bin or the PATH. {install}")
            : HasBinaries(binDirectory) ? binDirectory : throw new PostgresUnavailableException(
                $"PostgreSQL is not installed: no initdb and pg_ctl in {binDirectory}. {install}");
        bool root = IsRoot();
        if (root && !UserExists(ServiceUser))
            throw new PostgresUnavailableException(
                $"the tests run as root, and initdb refuses root: it runs as the '{ServiceUser}' user, which does not exist here (Debian's postgresql package creates it)");

        var directory = CreateShortDirectory();
        try
        {
            if (root) await RunAsync("chown", [$"{ServiceUser}:{ServiceUser}", directory], root: false, cancellation).ConfigureAwait(false);
            var data = Path.Combine(directory, "data");
            await RunAsync(Path.Combine(bin, "initdb"),
                ["-D", data, "-U", ServiceUser, "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8", "--locale=C"],
                root, cancellation).ConfigureAwait(false);

            int port = 0;
            for (int attempt = 1; ; attempt++)
            {
                port = FreePort.Next();
                var options = string.Create(CultureInfo.InvariantCulture,
                    $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
                var log = Path.Combine(directory, "pg.log");
                File.Delete(log);
                try
                {
                    // -l: the server writes to its log, never to our pipes (reading them to the end would hang).
                    await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", log, "-w", "-t", "60", "-o", options, "start"], root, cancellation)
                        .ConfigureAwait(false);
                    break;
                }
                catch (PostgresUnavailableException) when (attempt < 5 && ReadText(log).Contains("could not bind", StringComparison.Ordinal))
                {
                    // another process took the port between our check and the server's bind: try another
                }
            }
            int pid = int.Parse(File.ReadLines(Path.Combine(data, "postmaster.pid")).First().Trim(), CultureInfo.InvariantCulture);
            var server = new PostgresServer(bin, directory, port, pid, Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant());
            try
            {
                await server.ExecuteAsSuperuserAsync(
                    [$"CREATE ROLE {Username} LOGIN PASSWORD '{server.Password}'", $"CREATE DATABASE {Database} OWNER {Username}"],
                    cancellation).ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            return server;
        }
        catch
        {
            StopFromPidFile(directory);
            DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>Creates another database owned by <see cref="Username"/> and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellation = default)
    {
        if (!Identifier().IsMatch(name)) throw new ArgumentException($"'{name}' is not a plain lower-case identifier", nameof(name));
        await ExecuteAsSuperuserAsync([$"CREATE DATABASE {name} OWNER {Username}"], cancellation).ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    /// <summary>Runs SQL as the superuser (over the Unix socket).</summary>
    public async Task ExecuteAsSuperuserAsync(IEnumerable<string> statements, CancellationToken cancellation = default)
    {
        await using var connection = new NpgsqlConnection(SuperuserConnectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>The server's log so far (for a failing test's message).</summary>
    public string ReadLog() => ReadText(LogFile);

    /// <summary>Stops the server by its pid (fast shutdown, then harder if it lingers) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        lock (_connectionStrings)
        {
            foreach (var connectionString in _connectionStrings)
            {
                using var connection = new NpgsqlConnection(connectionString);
                NpgsqlConnection.ClearPool(connection);
            }
        }
        await StopAsync(Pid).ConfigureAwait(false);
        DeleteDirectory(Directory);
    }

    /// <summary>The directory holding initdb and pg_ctl: $HPO_POSTGRES_BIN, the newest /usr/lib/postgresql/N/bin, or the PATH; null when none.</summary>
    public static string? FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable(BinVariable);
        if (HasBinaries(configured)) return configured;
        const string debian = "/usr/lib/postgresql";
        if (System.IO.Directory.Exists(debian))
        {
            var newest = System.IO.Directory.GetDirectories(debian)
                .Select(d => (dir: Path.Combine(d, "bin"), version: double.TryParse(Path.GetFileName(d), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(d => HasBinaries(d.dir))
                .OrderByDescending(d => d.version)
                .Select(d => d.dir)
                .FirstOrDefault();
            if (newest is not null) return newest;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).FirstOrDefault(HasBinaries);
    }

    private static bool HasBinaries(string? directory) =>
        !string.IsNullOrEmpty(directory) && File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

    private string ConnectionStringFor(string database)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Username = Username,
            Password = Password,
            Database = database,
        }.ConnectionString;
        lock (_connectionStrings) _connectionStrings.Add(connectionString);
        return connectionString;
    }

    /// <summary>A new directory with a short path: the server's Unix socket must fit in about 107 bytes.</summary>
    private static string CreateShortDirectory()
    {
        var parent = Path.GetTempPath();
        if (parent.Length > 60) parent = "/tmp";
        var path = Path.Combine(parent, "hpo-pg-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant());
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, bool root, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(root ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (root)
        {
            foreach (var a in new[] { "-u", ServiceUser, "--", file }) start.ArgumentList.Add(a);
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["LC_ALL"] = "C";

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PostgresUnavailableException($"cannot run {start.FileName}: {e.Message}");
        }
        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(CommandTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (cancellation.IsCancellationRequested) throw;
                throw new PostgresUnavailableException($"{Path.GetFileName(file)} did not finish within {CommandTimeout.TotalMinutes} minutes");
            }
            var output = (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
            if (process.ExitCode != 0)
            {
                throw new PostgresUnavailableException(
                    $"{Path.GetFileName(file)} {string.Join(' ', args)} failed with exit code {process.ExitCode}: {output.Trim()}");
            }
        }
    }

    private static async Task StopAsync(int pid)
    {
        if (!IsPostmaster(pid)) return;
        Kill(pid, SignalInterrupt); // fast shutdown: roll back open transactions, close connections, exit
        if (await WaitForExitAsync(pid, TimeSpan.FromSeconds(60)).ConfigureAwait(false)) return;
        if (IsPostmaster(pid)) Kill(pid, SignalQuit); // immediate shutdown
        if (await WaitForExitAsync(pid, TimeSpan.FromSeconds(10)).ConfigureAwait(false)) return;
        if (IsPostmaster(pid)) Kill(pid, SignalKill);
        await WaitForExitAsync(pid, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    /// <summary>After a failed start: stops a server that did come up (its pid file says which).</summary>
    private static void StopFromPidFile(string directory)
    {
        var file = Path.Combine(directory, "data", "postmaster.pid");
        if (!File.Exists(file)) return;
        if (int.TryParse(File.ReadLines(file).FirstOrDefault()?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            StopAsync(pid).GetAwaiter().GetResult();
    }

    private static async Task<bool> WaitForExitAsync(int pid, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (IsPostmaster(pid))
        {
            if (watch.Elapsed > limit) return false;
            await Task.Delay(20).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>True while <paramref name="pid"/> is a live (not zombie) process named postgres.</summary>
    private static bool IsPostmaster(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            var state = stat.AsSpan(close + 1).TrimStart();
            if (state.Length == 0 || state[0] is 'Z' or 'X') return false;
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == "postgres";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool UserExists(string user) =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(line => line.StartsWith(user + ":", StringComparison.Ordinal));

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static void DeleteDirectory(string path)
    {
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (System.IO.Directory.Exists(path)) System.IO.Directory.Delete(path, recursive: true);
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }

    private static bool IsRoot() => GetEffectiveUserId() == 0;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
