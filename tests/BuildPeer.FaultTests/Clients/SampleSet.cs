using System.Buffers.Binary;
using System.Text;
using BuildPeer.TestSupport;

namespace BuildPeer.FaultTests.Clients;

public enum Outcome { Processed, Quarantined, Failed }

/// <summary>One upload a client will make, and how it must end.</summary>
public sealed record PlannedUpload(
    int Index,
    int TenantIndex,
    string Kind,
    string FileName,
    string ContentType,
    byte[] Bytes,
    Outcome Expected,
    bool DeclareSha256,
    bool SkipComplete,
    bool CompleteTwice,
    bool S3Notification);

/// <summary>
/// A handful of real files made once with the production tools (libvips, exiftool; a hand-written PDF), reused
/// with a few bytes changed per upload so every upload has its own SHA-256: bytes after a JPEG's EOI, a tEXt chunk
/// in a PNG, a comment after a PDF's %%EOF. Plus EICAR (must be quarantined) and a Windows executable declared as
/// image/jpeg (must fail deliberately: "does not match its declared type"). Every file stays well under 200 KB.
/// </summary>
public sealed class SampleSet
{
    public const string DeliberateFailure = "does not match its declared type";
    public const long MaxFileSize = 200 * 1024;

    private readonly List<byte[]> _jpegs = [];
    private readonly List<byte[]> _pngs = [];

    public static async Task<SampleSet> CreateAsync(string directory)
    {
        var set = new SampleSet();
        set._jpegs.Add(await File.ReadAllBytesAsync(await SampleFiles.PhotoWithGpsAsync(directory, 800, 600)));
        set._jpegs.Add(await File.ReadAllBytesAsync(await SampleFiles.ImageAsync(directory, "jpg", 640, 480)));
        set._jpegs.Add(await File.ReadAllBytesAsync(await SampleFiles.ImageAsync(directory, "jpg", 480, 640)));
        set._jpegs.Add(await File.ReadAllBytesAsync(await SampleFiles.ImageAsync(directory, "jpg", 1024, 256)));
        set._pngs.Add(await File.ReadAllBytesAsync(await SampleFiles.PngAsync(directory, 320, 240)));
        set._pngs.Add(await File.ReadAllBytesAsync(await SampleFiles.PngAsync(directory, 240, 320)));
        foreach (var bytes in set._jpegs.Concat(set._pngs))
            if (bytes.Length > MaxFileSize) throw new InvalidOperationException($"A sample is {bytes.Length} bytes; keep them under {MaxFileSize}.");
        return set;
    }

    public PlannedUpload Plan(int index, Random rng)
    {
        var tenant = index % 2;
        var declare = rng.Next(2) == 0;
        var skipComplete = rng.Next(100) < 3;
        var completeTwice = !skipComplete && rng.Next(100) < 5;
        // S3 notifies every PUT in AWS; here most uploads get one (racing the client's complete), and half of the
        // never-completed ones get none, so only the reconciler can receive those.
        var notify = skipComplete ? index % 2 == 0 : rng.Next(100) < 70;
        var tag = Encoding.ASCII.GetBytes($"buildpeer-fault-{index}-{rng.NextInt64():x16}");

        if (index % 40 == 7)
            return new(index, tenant, "eicar", $"informe-{index}.pdf", "application/pdf",
                [.. SampleFiles.Eicar, (byte)'\n', .. tag], Outcome.Quarantined, declare, skipComplete, completeTwice, notify);
        if (index % 50 == 23)
        {
            var exe = new byte[4096];
            rng.NextBytes(exe);
            "MZ"u8.CopyTo(exe);
            return new(index, tenant, "exe-as-jpeg", $"foto-{index}.jpg", "image/jpeg", exe, Outcome.Failed, declare, skipComplete, completeTwice, notify);
        }
        var roll = rng.Next(100);
        if (roll < 20)
        {
            var pdf = MinimalPdf.Build(1 + rng.Next(3));
            return new(index, tenant, "pdf", $"plano-{index}.pdf", "application/pdf",
                [.. pdf, .. "% "u8, .. tag, (byte)'\n'], Outcome.Processed, declare, skipComplete, completeTwice, notify);
        }
        if (roll < 40)
            return new(index, tenant, "png", $"avance-{index}.png", "image/png",
                WithPngText(_pngs[rng.Next(_pngs.Count)], tag), Outcome.Processed, declare, skipComplete, completeTwice, notify);
        // Bytes after the EOI marker: decoders stop at EOI, the hash changes.
        return new(index, tenant, "jpeg", $"foto-{index}.jpg", "image/jpeg",
            [.. _jpegs[rng.Next(_jpegs.Count)], .. tag], Outcome.Processed, declare, skipComplete, completeTwice, notify);
    }

    /// <summary>Inserts a tEXt chunk right after IHDR (signature 8 bytes + IHDR chunk 25 bytes).</summary>
    private static byte[] WithPngText(byte[] png, byte[] text)
    {
        const int afterIhdr = 8 + 4 + 4 + 13 + 4;
        var data = Encoding.ASCII.GetBytes("Comment\0").Concat(text).ToArray();
        var chunk = new byte[4 + 4 + data.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        "tEXt"u8.CopyTo(chunk.AsSpan(4));
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return [.. png.AsSpan(0, afterIhdr), .. chunk, .. png.AsSpan(afterIhdr)];
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }
}
