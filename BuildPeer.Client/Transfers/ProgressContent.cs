using System.Net;

namespace BuildPeer.Client.Transfers;

/// <summary>A request body from memory, written in small chunks so progress can be shown while it goes out.</summary>
internal sealed class ProgressContent(ReadOnlyMemory<byte> body, Action<long> onSent) : HttpContent
{
    private const int ChunkSize = 64 * 1024;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < body.Length; offset += ChunkSize)
        {
            var chunk = body.Slice(offset, Math.Min(ChunkSize, body.Length - offset));
            await stream.WriteAsync(chunk, cancellationToken);
            onSent(chunk.Length);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
