using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hpo.Coordinator.Tests.Cluster;

/// <summary>
/// A PostgreSQL 15 server of its own (Debian's binaries) in a temporary directory on a free loopback port,
/// stopped by its own pid directory when disposed. Needs root (initdb runs as the postgres user).
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir;

    private PostgresServer(string dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=hpo;Password=secret;Database=hpo";

    public static async Task<PostgresServer> StartAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({Bin}); apt-get install postgresql");
        int port = FreePort();
        var dir = Path.Combine("/tmp", "pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        await Run("chown", "postgres:postgres", dir);
        await Run("runuser", "-u", "postgres", "--", $"{Bin}/initdb", "-D", $"{dir}/data", "-U", "postgres", "--auth-local=trust",
            "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8");
        await Run("runuser", "-u", "postgres", "--", $"{Bin}/pg_ctl", "-D", $"{dir}/data", "-l", $"{dir}/pg.log", "-w", "-o",
            $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        await Run("runuser", "-u", "postgres", "--", $"{Bin}/psql", "-h", dir, "-p", port.ToString(), "-U", "postgres", "-v", "ON_ERROR_STOP=1",
            "-c", "CREATE ROLE hpo LOGIN PASSWORD 'secret'", "-c", "CREATE DATABASE hpo OWNER hpo");
        return new PostgresServer(dir, port);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Run("runuser", "-u", "postgres", "--", $"{Bin}/pg_ctl", "-D", $"{_dir}/data", "-m", "fast", "-w", "stop");
        }
        finally
        {
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}{await stdout}");
    }
}
