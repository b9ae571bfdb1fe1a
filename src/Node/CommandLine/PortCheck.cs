using System.Net;
using System.Net.Sockets;

namespace Hpo.Node.CommandLine;

/// <summary>
/// Checks that the ports a node is to listen on are free before it starts: Kestrel (the HTTP port) and Akka's DotNetty
/// transport (the cluster port) report a port in use as a long stack trace, deep into startup.
/// </summary>
public static class PortCheck
{
    /// <summary>Throws a <see cref="UsageException"/> naming <paramref name="flag"/> when the port of <paramref name="url"/> is taken.</summary>
    public static void Http(string url, string flag)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri)) Ensure(uri.Host, uri.Port, $"{flag} {uri.Host}:{uri.Port}");
    }

    /// <summary>Throws a <see cref="UsageException"/> when the cluster port is taken.</summary>
    public static void Cluster(string hostname, int port) => Ensure(hostname, port, $"--port {port}");

    private static void Ensure(string host, int port, string what)
    {
        if (port == 0) return;
        var address = host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? ip : IPAddress.Any;
        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new UsageException($"{what} is in use by another process");
        }
        catch (SocketException)
        {
            // Not ours to judge (an address of another machine, say): the server's own start reports it.
        }
        finally
        {
            listener.Stop();
        }
    }
}
