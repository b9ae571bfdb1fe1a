using System.Net;
using System.Net.Sockets;
using Hpo.TestSupport;

namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>Loopback addresses standing in for pod IPs, each pod binding the same ports as in a cluster.</summary>
internal static class PodAddresses
{
    /// <summary>A port free on every one of <paramref name="pods"/>.</summary>
    public static int FreeOnAll(IReadOnlyList<string> pods)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            int port = FreePort.Next(IPAddress.Parse(pods[0]));
            try
            {
                foreach (var pod in pods.Skip(1))
                {
                    using var probe = new TcpListener(IPAddress.Parse(pod), port);
                    probe.Start();
                }
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException($"no port free on every pod address ({string.Join(", ", pods)})");
    }
}
