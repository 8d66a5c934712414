namespace BuildPeer.Processing.Tools;

/// <summary>
/// Names the image format from the file's first bytes, the same way libvips picks a loader, so files
/// libvips could also read (PDF, SVG, GIF, ...) never reach it. In-process: no tool start-up cost.
/// </summary>
internal static class ImageSignature
{
    // ISO-BMFF major brands of HEIF files with HEVC images (what phones write) and generic HEIF.
    private static readonly HashSet<string> HeifBrands = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"];

    public static string? Detect(string path)
    {
        Span<byte> head = stackalloc byte[16];
        using (var file = File.OpenRead(path))
            head = head[..file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "JPEG";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return "PNG";
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return "WebP";
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8)) return "TIFF";
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8)
            && HeifBrands.Contains(System.Text.Encoding.ASCII.GetString(head[8..12]))) return "HEIC";
        return null;
    }
}
