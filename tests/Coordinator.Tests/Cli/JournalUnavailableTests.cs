using System.Net;
using System.Net.Sockets;

namespace Hpo.Coordinator.Tests.Cli;

public sealed class JournalUnavailableTests
{
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task Serve_with_an_unreachable_postgres_ends_in_one_clear_message_and_a_nonzero_exit()
    {
        using var dir = new TempDir();
        int port = ClosedPort();
        var run = await CliRun.Of("serve", "--journal", $"Host=127.0.0.1;Port={port};Username=hpo;Password=x;Database=hpo",
            "--data-dir", dir.Path, "--http", "http://127.0.0.1:0", "--port", "0");

        Assert.NotEqual(0, run.ExitCode);
        var lines = run.Stderr.Trim().Split('\n');
        var line = Assert.Single(lines);
        Assert.StartsWith($"error: cannot open the journal database (PostgreSQL 127.0.0.1:{port}/hpo)", line);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_ends_in_one_clear_message()
    {
        using var dir = new TempDir();
        var file = dir.Write("not-a-directory", "x");
        var spec = dir.Write("iris.yaml", RunCommandTests.IrisSweep);
        var run = await CliRun.Of("run", spec, "--data-dir", file);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: cannot open the journal database (SQLite", run.Stderr);
    }
}
