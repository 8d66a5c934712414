using System.Buffers;
using System.Security.Cryptography;

namespace BuildPeer.Processing.Tools;

/// <summary>Copies a stream to a file and hashes it in the same pass, so the bytes are read once.</summary>
public static class Sha256File
{
    private const int BufferSize = 128 * 1024;

    public static async Task<(string Sha256Hex, long Length)> CopyAndHashAsync(
        Stream source, string destinationPath, CancellationToken ct = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long length = 0;
        try
        {
            await using var destination = new FileStream(destinationPath, FileMode.Create, FileAccess.Write, FileShare.None,
                BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), ct);
                length += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
    }
}
