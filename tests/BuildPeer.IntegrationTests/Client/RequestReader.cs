using System.Net.Sockets;
using System.Text;

namespace BuildPeer.IntegrationTests.Client;

public sealed record RequestHead(string Method, string Target, long ContentLength, byte[] Bytes);

/// <summary>Reads HTTP/1.1 requests off a socket: the head up to the blank line, then the body in chunks.</summary>
internal sealed class RequestReader(Socket socket, CancellationToken ct)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;

    public async Task<RequestHead?> ReadHeadAsync()
    {
        var head = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync()) return null;
            while (_start < _end)
            {
                head.Add(_buffer[_start++]);
                if (head.Count >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r')
                    return Parse(head.ToArray());
            }
        }
    }

    public async Task<ReadOnlyMemory<byte>> ReadBodyChunkAsync(int max)
    {
        if (_start == _end && !await FillAsync()) return ReadOnlyMemory<byte>.Empty;
        var take = Math.Min(max, _end - _start);
        var chunk = _buffer.AsMemory(_start, take).ToArray();
        _start += take;
        return chunk;
    }

    public async Task SkipBodyAsync(long length)
    {
        while (length > 0)
        {
            var chunk = await ReadBodyChunkAsync((int)Math.Min(length, _buffer.Length));
            if (chunk.Length == 0) return;
            length -= chunk.Length;
        }
    }

    private async Task<bool> FillAsync()
    {
        _start = 0;
        _end = await socket.ReceiveAsync(_buffer, ct);
        return _end > 0;
    }

    private static RequestHead Parse(byte[] bytes)
    {
        var lines = Encoding.ASCII.GetString(bytes).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        long length = 0;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) length = long.Parse(value);
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                throw new NotSupportedException("The test proxy handles Content-Length bodies only.");
        }
        return new RequestHead(requestLine[0], requestLine[1], length, bytes);
    }
}
