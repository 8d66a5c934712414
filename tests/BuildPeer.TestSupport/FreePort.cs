using System.Net;
using System.Net.Sockets;

namespace BuildPeer.TestSupport;

public static class FreePort
{
    /// <summary>Asks the OS for a free loopback port. Another process could take it before we bind; callers retry on failure.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
