using System.Net;
using System.Net.Sockets;

namespace Hpo.TestSupport;

/// <summary>Ports nobody listens on right now, chosen by the kernel.</summary>
public static class FreePort
{
    /// <summary>
    /// A TCP port free on <paramref name="address"/> (default 127.0.0.1) at the time of the call. Another process
    /// may take it before the caller binds it: servers started on it should retry with a new port on "address in use".
    /// Also a port to test "nothing listens there" against (a connection is refused).
    /// </summary>
    public static int Next(IPAddress? address = null)
    {
        using var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The first of <paramref name="count"/> consecutive ports free on 127.0.0.1 right now, for a script that gives
    /// process i the port <c>first + i</c>.
    /// </summary>
    public static int Consecutive(int count)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int first = Next();
            if (first + count > IPEndPoint.MaxPort) continue;
            var held = new List<TcpListener>();
            try
            {
                for (int i = 0; i < count; i++)
                {
                    var listener = new TcpListener(IPAddress.Loopback, first + i);
                    listener.Start();
                    held.Add(listener);
                }
                return first;
            }
            catch (SocketException)
            {
            }
            finally
            {
                foreach (var listener in held) listener.Stop();
            }
        }
        throw new InvalidOperationException($"no {count} consecutive free ports on 127.0.0.1");
    }
}
