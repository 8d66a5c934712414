using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>
/// A TCP proxy between the client and storage that understands just enough HTTP/1.1 (request line, Content-Length)
/// to hurt one request at a time, like tusd's Toxiproxy suite: cut or reset a connection mid-body, answer 403/429/503
/// itself, and throttle. It counts bytes per direction and body bytes per part number.
/// </summary>
public sealed class FaultyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly Task _acceptLoop;
    private long _bytesUp, _bytesDown;
    private int _requestIndex;

    public FaultyProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public DnsEndPoint EndPoint => new("127.0.0.1", Port);
    public BandwidthLimit Bandwidth { get; } = new();

    /// <summary>Decides each request's fault; called once per request, in arrival order.</summary>
    public Func<ProxiedRequest, ProxyFault>? Faults { get; set; }

    public long BytesUp => Interlocked.Read(ref _bytesUp);
    public long BytesDown => Interlocked.Read(ref _bytesDown);
    public IReadOnlyList<ProxiedRequest> Requests => _requests.ToArray();
    public long BodyBytes => Requests.Sum(r => r.BodyBytesForwarded);
    public long BodyBytesForPart(int partNumber) => Requests.Where(r => r.PartNumber == partNumber).Sum(r => r.BodyBytesForwarded);

    /// <summary>Waits until no byte has moved for a moment: an aborted request's buffered bytes may still be draining.</summary>
    public async Task WaitQuietAsync()
    {
        for (long last = -1; BytesUp + BytesDown != last;)
        {
            last = BytesUp + BytesDown;
            await Task.Delay(300);
        }
    }

    /// <summary>Starts counting afresh (between two runs of a client).</summary>
    public void ResetCounters()
    {
        _requests.Clear();
        Interlocked.Exchange(ref _bytesUp, 0);
        Interlocked.Exchange(ref _bytesDown, 0);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _sockets.Add(client);
        _sockets.Add(upstream);
        try
        {
            client.NoDelay = true;
            await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            var down = PumpDownAsync(upstream, client);
            await PumpRequestsAsync(client, upstream);
            await down;
        }
        catch (Exception) { /* a closed or reset connection is the point of this proxy */ }
        finally
        {
            client.Dispose();
        }
    }

    private async Task PumpDownAsync(Socket upstream, Socket client)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await upstream.ReceiveAsync(buffer, _stop.Token)) > 0)
            {
                await client.SendAsync(buffer.AsMemory(0, read), _stop.Token);
                Interlocked.Add(ref _bytesDown, read);
            }
            client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception) { /* either side went away */ }
    }

    private async Task PumpRequestsAsync(Socket client, Socket upstream)
    {
        var reader = new RequestReader(client, _stop.Token);
        while (await reader.ReadHeadAsync() is { } head)
        {
            var request = new ProxiedRequest(Interlocked.Increment(ref _requestIndex), head.Method, head.Target, head.ContentLength);
            request.Fault = Faults?.Invoke(request) ?? ProxyFault.None;
            _requests.Enqueue(request);

            if (request.Fault is ProxyFault.Respond respond)
            {
                await reader.SkipBodyAsync(head.ContentLength);
                await client.SendAsync(Encoding.ASCII.GetBytes(ResponseText(respond)), _stop.Token);
                client.Shutdown(SocketShutdown.Both);
                upstream.Close();
                return;
            }

            await upstream.SendAsync(head.Bytes, _stop.Token);
            Interlocked.Add(ref _bytesUp, head.Bytes.Length);
            var limit = request.Fault switch { ProxyFault.CutAfter c => c.BodyBytes, ProxyFault.ResetAfter r => r.BodyBytes, _ => long.MaxValue };
            for (long left = head.ContentLength; left > 0;)
            {
                var chunk = await reader.ReadBodyChunkAsync((int)Math.Min(Math.Min(left, 16 * 1024), Math.Max(1, limit - request.BodyBytesForwarded)));
                if (chunk.Length == 0)
                {
                    upstream.Close(); // the client went away mid-body: storage must not wait for the rest
                    return;
                }
                await Bandwidth.WaitAsync(chunk.Length, _stop.Token);
                await upstream.SendAsync(chunk, _stop.Token);
                Interlocked.Add(ref _bytesUp, chunk.Length);
                request.Forwarded(chunk.Length);
                left -= chunk.Length;
                if (request.BodyBytesForwarded >= limit)
                {
                    if (request.Fault is ProxyFault.ResetAfter) client.LingerState = new LingerOption(true, 0); // close → RST
                    client.Close();
                    upstream.Close();
                    return;
                }
            }
        }
        upstream.Shutdown(SocketShutdown.Send);
    }

    private static string ResponseText(ProxyFault.Respond r) =>
        string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {r.Status} {r.Reason}\r\nContent-Type: application/xml\r\nContent-Length: {Encoding.UTF8.GetByteCount(r.Body)}\r\n") +
        (r.RetryAfterSeconds is { } s ? $"Retry-After: {s}\r\n" : "") + "Connection: close\r\n\r\n" + r.Body;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var socket in _sockets) socket.Dispose();
        try { await _acceptLoop; } catch (Exception) { /* stopping */ }
        _stop.Dispose();
    }
}
