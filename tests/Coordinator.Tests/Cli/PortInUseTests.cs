using System.Net;
using System.Net.Sockets;

namespace Hpo.Coordinator.Tests.Cli;

/// <summary>A port held by another process ends `hpo serve` or `hpo worker` with one line naming it, exit code 2.</summary>
public class PortInUseTests
{
    public static TheoryData<string, string, string> Cases() => new()
    {
        { "serve", "--http", "--http 127.0.0.1:{0} is in use by another process" },
        { "serve", "--port", "--port {0} is in use by another process" },
        { "worker", "--http", "--http 127.0.0.1:{0} is in use by another process" },
        { "worker", "--port", "--port {0} is in use by another process" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_port_in_use_is_one_line_naming_it(string command, string taken, string expected)
    {
        using var dir = new TempDir();
        var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        try
        {
            int port = ((IPEndPoint)holder.LocalEndpoint).Port;
            var http = taken == "--http" ? $"http://127.0.0.1:{port}" : "http://127.0.0.1:0";
            var cluster = taken == "--port" ? port.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0";
            var run = await CliRun.Of(command, "--data-dir", Path.Combine(dir.Path, "data"), "--http", http, "--port", cluster);
            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"error: {string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, port)}", run.Stderr.Trim());
        }
        finally
        {
            holder.Stop();
        }
    }
}
