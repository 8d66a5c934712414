namespace BuildPeer.IntegrationTests.Client;

public static class RandomDocx
{
    /// <summary>
    /// Random bytes (deterministic per seed) behind a ZIP signature, so Processing takes them for an Office document:
    /// it scans and hashes them without rendering anything, which keeps large-file tests about the transfer.
    /// </summary>
    public static byte[] Bytes(long size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        "PK\x03\x04"u8.CopyTo(bytes);
        return bytes;
    }
}
