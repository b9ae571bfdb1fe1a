using System.Net;
using System.Net.Sockets;

namespace Hpo.TestSupport;

/// <summary>
/// Ports nobody listens on right now, taken below the kernel's ephemeral range: a port the kernel hands out
/// (bind to port 0) comes from the range it also gives every outgoing connection, so a test's client
/// socket could take it between the choice and the server's bind (a local cluster's worker once failed so,
/// with "address in use").
/// </summary>
public static class FreePort
{
    private const int Lowest = 10_000;

    /// <summary>
    /// A TCP port free on <paramref name="address"/> (default 127.0.0.1) at the time of the call. Another
    /// test may still take it before the caller binds it, though no outgoing connection will. Also a port
    /// to test "nothing listens there" against (a connection is refused).
    /// </summary>
    public static int Next(IPAddress? address = null) => Consecutive(1, address);

    /// <summary>
    /// The first of <paramref name="count"/> consecutive ports free on <paramref name="address"/> (default
    /// 127.0.0.1) right now, for a script that gives process i the port <c>first + i</c>.
    /// </summary>
    public static int Consecutive(int count, IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        int end = EphemeralStart() - count;
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int first = Random.Shared.Next(Lowest, end);
            if (AllFree(address, first, count)) return first;
        }
        throw new InvalidOperationException($"no {count} consecutive free ports on {address} below {end + count}");
    }

    private static bool AllFree(IPAddress address, int first, int count)
    {
        var held = new List<TcpListener>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var listener = new TcpListener(address, first + i);
                listener.Start();
                held.Add(listener);
            }
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            foreach (var listener in held) listener.Stop();
        }
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux default 32768).</summary>
    private static int EphemeralStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        const int linuxDefault = 32768;
        try
        {
            var first = File.ReadAllText(range).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
            return int.TryParse(first, out int start) && start > Lowest + 1000 ? start : linuxDefault;
        }
        catch (IOException)
        {
            return linuxDefault;
        }
        catch (UnauthorizedAccessException)
        {
            return linuxDefault;
        }
    }
}
