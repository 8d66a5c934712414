using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace BuildPeer.Bench.Link;

/// <summary>
/// One link shaped by a <see cref="LinkProfile"/>, in user space on loopback (this kernel has no netem): every
/// forwarded endpoint shares its up and down capacity, each connection is held to the TCP-under-loss bound, every
/// byte is delayed by half the round trip each way (a new connection pays one round trip first), and outages reset
/// and refuse connections. Counts the bytes that went up.
/// </summary>
public sealed class ShapedLink : IAsyncDisposable
{
    private const int Chunk = 16 * 1024;
    private readonly LinkProfile _profile;
    private readonly TokenBucket _up, _down;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly List<(TcpListener Listener, Task Loop)> _endpoints = [];
    private readonly Task _outages;
    private volatile bool _inOutage;
    private long _bytesUp;

    public ShapedLink(LinkProfile profile)
    {
        _profile = profile;
        _up = new TokenBucket(profile.UpBytesPerSecond, Chunk);
        _down = new TokenBucket(profile.DownBytesPerSecond, Chunk);
        _outages = profile.OutageLength > TimeSpan.Zero ? OutagesAsync(_stop.Token) : Task.CompletedTask;
    }

    public long BytesUp => Interlocked.Read(ref _bytesUp);
    public int Outages { get; private set; }

    /// <summary>A loopback port whose connections reach <paramref name="targetPort"/> through this link.</summary>
    public DnsEndPoint Forward(int targetPort)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _endpoints.Add((listener, AcceptAsync(listener, targetPort, _stop.Token)));
        return new DnsEndPoint("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
    }

    private async Task OutagesAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(_profile.OutageEvery - _profile.OutageLength, ct);
                _inOutage = true;
                Outages++;
                foreach (var socket in _open.Keys) Reset(socket);
                await Task.Delay(_profile.OutageLength, ct);
                _inOutage = false;
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task AcceptAsync(TcpListener listener, int targetPort, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try { client = await listener.AcceptSocketAsync(ct); }
            catch (Exception) { return; }
            if (_inOutage) { Reset(client); continue; }
            _ = ConnectionAsync(client, targetPort, ct);
        }
    }

    private async Task ConnectionAsync(Socket client, int targetPort, CancellationToken ct)
    {
        using var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        _open[client] = 0;
        _open[server] = 0;
        try
        {
            await Task.Delay(_profile.RoundTrip, ct); // the handshake
            await server.ConnectAsync(IPAddress.Loopback, targetPort, ct);
            using var connection = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var upRate = new TokenBucket(_profile.PerConnectionBytesPerSecond(_profile.UpBytesPerSecond), Chunk);
            var downRate = new TokenBucket(_profile.PerConnectionBytesPerSecond(_profile.DownBytesPerSecond), Chunk);
            var up = PumpAsync(client, server, _up, upRate, counted: true, connection.Token);
            var down = PumpAsync(server, client, _down, downRate, counted: false, connection.Token);
            await Task.WhenAny(up, down);
            await connection.CancelAsync();
            await Task.WhenAll(up, down).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        catch (Exception) { }
        finally
        {
            _open.TryRemove(client, out _);
            _open.TryRemove(server, out _);
            client.Dispose();
        }
    }

    /// <summary>Reads as bytes arrive and delivers each chunk half a round trip later, at the link's and the connection's rate.</summary>
    private async Task PumpAsync(Socket from, Socket to, TokenBucket link, TokenBucket connection, bool counted, CancellationToken ct)
    {
        var line = Channel.CreateUnbounded<(long Due, byte[] Bytes)>();
        var oneWay = (long)(_profile.RoundTrip.TotalMilliseconds / 2);
        var writer = Task.Run(async () =>
        {
            await foreach (var (due, bytes) in line.Reader.ReadAllAsync(ct))
            {
                var wait = due - Environment.TickCount64;
                if (wait > 0) await Task.Delay((int)wait, ct);
                await link.TakeAsync(bytes.Length, ct);
                await connection.TakeAsync(bytes.Length, ct);
                await to.SendAsync(bytes, SocketFlags.None, ct);
                if (counted) Interlocked.Add(ref _bytesUp, bytes.Length);
            }
            to.Shutdown(SocketShutdown.Send);
        }, ct);
        var buffer = new byte[Chunk];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, ct);
                if (read == 0) break;
                await line.Writer.WriteAsync((Environment.TickCount64 + oneWay, buffer[..read]), ct);
            }
        }
        finally
        {
            line.Writer.TryComplete();
        }
        await writer;
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var (listener, _) in _endpoints) listener.Stop();
        foreach (var socket in _open.Keys) Reset(socket);
        await Task.WhenAll(_endpoints.Select(e => e.Loop).Append(_outages)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
