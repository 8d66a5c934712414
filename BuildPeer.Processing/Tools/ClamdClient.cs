using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace BuildPeer.Processing.Tools;

/// <summary>
/// Talks to clamd over TCP: PING and INSTREAM (chunks prefixed by a 4-byte big-endian length, ended
/// by a zero length). One connection per call, so a client instance can be shared.
/// </summary>
public sealed class ClamdClient(string host, int port, TimeSpan? timeout = null)
{
    public const int ChunkSize = 64 * 1024;
    private const int MaxReplyBytes = 4096;

    public string Host { get; } = host;
    public int Port { get; } = port;

    /// <summary>Limit for one whole call (connect, send, scan, reply).</summary>
    public TimeSpan Timeout { get; } = timeout ?? TimeSpan.FromMinutes(2);

    /// <summary>Reads a connection string like <c>tcp://127.0.0.1:3310</c>.</summary>
    public static ClamdClient Parse(string connectionString, TimeSpan? timeout = null)
    {
        if (!Uri.TryCreate(connectionString.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != "tcp" || uri.Port <= 0
            || uri.AbsolutePath is not ("" or "/"))
            throw new FormatException($"Expected a clamd address like tcp://127.0.0.1:3310, got '{connectionString}'.");
        return new ClamdClient(uri.IdnHost, uri.Port, timeout); // IdnHost: "::1" without brackets
    }

    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        var reply = await CallAsync(async (stream, token) =>
        {
            await stream.WriteAsync("zPING\0"u8.ToArray(), token);
            return await ReadReplyAsync(stream, token);
        }, ct);
        return reply == "PONG";
    }

    public async Task<ScanVerdict> ScanAsync(Stream content, CancellationToken ct = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var reply = await CallAsync((stream, token) => SendInstreamAsync(stream, content, token), ct);
        return ClamdReply.ToVerdict(reply, stopwatch.Elapsed);
    }

    private async Task<string> SendInstreamAsync(NetworkStream stream, Stream content, CancellationToken ct)
    {
        await stream.WriteAsync("zINSTREAM\0"u8.ToArray(), ct);
        var buffer = ArrayPool<byte>.Shared.Rent(4 + ChunkSize);
        try
        {
            int read;
            do
            {
                read = await content.ReadAsync(buffer.AsMemory(4, ChunkSize), ct);
                // A zero-length chunk ends the stream.
                BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)read);
                try
                {
                    await stream.WriteAsync(buffer.AsMemory(0, 4 + read), ct);
                }
                catch (IOException sendFailure)
                {
                    // clamd stops reading and answers early when a limit is hit ("INSTREAM size limit
                    // exceeded"); that answer explains more than the broken pipe it causes.
                    return await TryReadReplyAsync(stream, ct)
                        ?? throw new ClamdUnavailableException($"clamd at {Host}:{Port} closed the connection during INSTREAM", sendFailure);
                }
            } while (read > 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return await ReadReplyAsync(stream, ct);
    }

    private async Task<string> CallAsync(Func<NetworkStream, CancellationToken, Task<string>> exchange, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Timeout);
        try
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(Host, Port, deadline.Token);
            await using var stream = client.GetStream();
            return await exchange(stream, deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ClamdUnavailableException($"clamd at {Host}:{Port} did not answer within {Timeout.TotalSeconds:0} s");
        }
        // Only network failures: an IOException from the content stream is the caller's, not clamd's.
        catch (Exception e) when (e is SocketException or IOException { InnerException: SocketException })
        {
            throw new ClamdUnavailableException($"clamd at {Host}:{Port} is unavailable: {e.Message}", e);
        }
    }

    private async Task<string?> TryReadReplyAsync(NetworkStream stream, CancellationToken ct)
    {
        try
        {
            var reply = await ReadReplyAsync(stream, ct);
            return reply.Length > 0 ? reply : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Reads until the terminating NUL (z-commands) or until clamd closes the connection.</summary>
    private static async Task<string> ReadReplyAsync(NetworkStream stream, CancellationToken ct)
    {
        var reply = new MemoryStream();
        var buffer = new byte[256];
        while (reply.Length < MaxReplyBytes)
        {
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0) break;
            var end = Array.IndexOf(buffer, (byte)0, 0, read);
            reply.Write(buffer, 0, end < 0 ? read : end);
            if (end >= 0) break;
        }
        return Encoding.UTF8.GetString(reply.GetBuffer(), 0, (int)reply.Length).TrimEnd('\n');
    }
}
