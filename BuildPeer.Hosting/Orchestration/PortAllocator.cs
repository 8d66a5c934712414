using System.Net;
using System.Net.Sockets;
using BuildPeer.Hosting.Local;

namespace BuildPeer.Hosting.Orchestration;

/// <summary>Loopback ports for the endpoints <c>run</c> serves: the preferred one when free, else one the OS picks.</summary>
public sealed class PortAllocator(bool alwaysFree, TextWriter output)
{
    private readonly HashSet<int> _given = [];

    public void Allocate(IEnumerable<Resource> resources)
    {
        foreach (var endpoint in resources.SelectMany(r => r.Endpoints).Where(e => e.IsServedLocally))
            endpoint.AllocatedPort = Next(endpoint);
    }

    private int Next(Endpoint endpoint)
    {
        if (!alwaysFree && endpoint.LocalPort is { } preferred)
        {
            if (!_given.Contains(preferred) && IsFree(preferred)) return Give(preferred);
            var fallback = Give(FreeUnusedPort());
            output.WriteLine($"  port {preferred} is in use: {endpoint.Resource.Name} gets {fallback}");
            return fallback;
        }
        return Give(FreeUnusedPort());
    }

    private int Give(int port)
    {
        _given.Add(port);
        return port;
    }

    private int FreeUnusedPort()
    {
        while (true)
        {
            var port = FreePort.Next();
            if (!_given.Contains(port)) return port;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
