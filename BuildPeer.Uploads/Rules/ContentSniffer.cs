using System.Text;

namespace BuildPeer.Uploads.Rules;

/// <summary>
/// Magic-byte check of a file's first bytes against its declared type, so an executable sent as
/// "image/jpeg" is refused before any decoder sees it.
/// </summary>
public static class ContentSniffer
{
    public const int HeaderLength = 16;

    /// <summary>A short name of what the bytes are ("JPEG", "PDF", "Windows executable", ...), or null if unknown.</summary>
    public static string? Identify(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF) return "JPEG";
        if (header.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return "PNG";
        if (header.Length >= 12 && header.StartsWith("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8)) return "WebP";
        if (header.Length >= 12 && header[4..8].SequenceEqual("ftyp"u8) && IsHeifBrand(header[8..12])) return "HEIC";
        if (header.StartsWith("II*\0"u8) || header.StartsWith("MM\0*"u8)) return "TIFF";
        if (header.StartsWith("%PDF-"u8)) return "PDF";
        if (header.StartsWith("PK\x03\x04"u8)) return "ZIP/Office Open XML";
        if (header.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 })) return "legacy Office document";
        if (header.StartsWith("MZ"u8)) return "Windows executable";
        if (header.StartsWith(new byte[] { 0x7F, 0x45, 0x4C, 0x46 })) return "Linux executable";
        if (header.StartsWith("#!"u8)) return "script";
        return null;
    }

    public static bool Matches(ContentKind kind, string contentType, ReadOnlySpan<byte> header)
    {
        var found = Identify(header);
        return ContentKinds.Normalize(contentType) switch
        {
            "image/jpeg" => found == "JPEG",
            "image/png" => found == "PNG",
            "image/webp" => found == "WebP",
            "image/heic" or "image/heif" => found == "HEIC",
            "image/tiff" => found == "TIFF",
            "application/pdf" => found == "PDF",
            "application/msword" or "application/vnd.ms-excel" => found == "legacy Office document",
            _ when kind == ContentKind.Office => found == "ZIP/Office Open XML",
            _ => false,
        };
    }

    private static bool IsHeifBrand(ReadOnlySpan<byte> brand) =>
        Encoding.ASCII.GetString(brand) is "heic" or "heix" or "hevc" or "hevx" or "heim" or "heis" or "mif1" or "msf1" or "avif";
}
