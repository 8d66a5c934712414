using System.Net;
using System.Net.Sockets;

namespace BuildPeer.Client.Transfers;

public static class StorageHttp
{
    /// <summary>
    /// The HttpClient for presigned storage URLs. With <paramref name="connectTo"/>, every connection goes to that
    /// TCP endpoint instead (a debugging or test proxy in front of storage); the URL, its Host header and its
    /// signature stay exactly as signed.
    /// </summary>
    public static HttpClient Create(DnsEndPoint? connectTo, TimeSpan requestTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (connectTo is not null)
        {
            handler.ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(connectTo, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return new HttpClient(handler) { Timeout = requestTimeout };
    }

    /// <summary>Parses "host:port" (as in BUILDPEER_STORAGE_CONNECT).</summary>
    public static DnsEndPoint ParseEndPoint(string hostAndPort)
    {
        var colon = hostAndPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostAndPort[(colon + 1)..], out var port) || port is < 1 or > 65535)
            throw new FormatException($"'{hostAndPort}' is not host:port.");
        return new DnsEndPoint(hostAndPort[..colon], port);
    }
}
