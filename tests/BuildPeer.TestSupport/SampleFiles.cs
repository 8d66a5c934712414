using System.Globalization;
using BuildPeer.TestSupport;

namespace BuildPeer.TestSupport;

/// <summary>
/// Real sample files written at test time with the same tools production uses (libvips, exiftool, qpdf),
/// so nothing binary is committed and the expected values below are known.
/// </summary>
public static class SampleFiles
{
    public const double PhotoLatitude = 19.4326;
    public const double PhotoLongitude = -99.1332;
    public const string PhotoCameraMake = "BuildPeerCam";
    public const string PhotoCameraModel = "FieldPro";
    public static readonly DateTimeOffset PhotoTakenAt = new(2026, 3, 14, 9, 26, 53, TimeSpan.FromHours(-6));

    public const string EncryptedPdfPassword = "field-secret";

    /// <summary>From Debian's clamav-testfiles; detected by the local signature database of BuildPeer.AppHost/scripts/clamd.sh.</summary>
    public const string ClamAvTestZip = "/usr/share/clamav-testfiles/clam.zip";

    /// <summary>The 68-byte EICAR anti-virus test file.</summary>
    // Split so this source file does not itself match the EICAR signature of a scanner.
    public static byte[] Eicar { get; } = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-"u8.ToArray()
        .Concat("ANTIVIRUS-TEST-FILE!$H+H*"u8.ToArray()).ToArray();

    /// <summary>
    /// A photo with smooth, colourful content and EXIF GPS, date (with UTC offset) and camera set;
    /// JPEG unless <paramref name="extension"/> says otherwise ("heic" is what iPhones upload).
    /// </summary>
    public static async Task<string> PhotoWithGpsAsync(string directory, int width = 1600, int height = 1200, string extension = "jpg")
    {
        var path = await ImageAsync(directory, extension, width, height);
        await ProcessRunner.RunAsync("exiftool",
        [
            "-overwrite_original",
            "-GPSLatitude=" + PhotoLatitude.ToString(CultureInfo.InvariantCulture), "-GPSLatitudeRef=N",
            "-GPSLongitude=" + (-PhotoLongitude).ToString(CultureInfo.InvariantCulture), "-GPSLongitudeRef=W",
            "-DateTimeOriginal=" + PhotoTakenAt.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture),
            "-OffsetTimeOriginal=" + PhotoTakenAt.ToString("zzz", CultureInfo.InvariantCulture),
            $"-Make={PhotoCameraMake}", $"-Model={PhotoCameraModel}",
            path,
        ]);
        return path;
    }

    public static Task<string> PngAsync(string directory, int width = 800, int height = 600) =>
        ImageAsync(directory, "png", width, height);

    /// <summary>An image without metadata in the format named by <paramref name="extension"/> (jpg, png, webp, tif, heic).</summary>
    public static async Task<string> ImageAsync(string directory, string extension, int width = 800, int height = 600)
    {
        var path = NewPath(directory, "image", extension);
        var noise = NewPath(directory, "noise", "v");
        await ProcessRunner.RunAsync("vips", ["perlin", noise, $"{width}", $"{height}", "--cell-size", "96", "--uchar"]);
        var options = extension is "jpg" or "jpeg" ? "[Q=85]" : "";
        await ProcessRunner.RunAsync("vips", ["falsecolour", noise, path + options]);
        File.Delete(noise);
        return path;
    }

    /// <summary>
    /// A drawing as plans, logos and signatures arrive: black (0,0,0) strokes on a fully transparent background. The
    /// stroke is a horizontal band across the middle fifth of the height, from 10 % to 90 % of the width.
    /// </summary>
    public static async Task<string> TransparentLineArtPngAsync(string directory, int width = 800, int height = 600)
    {
        var path = NewPath(directory, "line-art", "png");
        var alpha = NewPath(directory, "alpha", "v");
        var colour = NewPath(directory, "colour", "v");
        await ProcessRunner.RunAsync("vips", ["black", alpha, $"{width}", $"{height}"]);
        await ProcessRunner.RunAsync("vips", ["draw_rect", alpha, "255", $"{width / 10}", $"{height * 2 / 5}", $"{width * 8 / 10}", $"{height / 5}", "--fill"]);
        await ProcessRunner.RunAsync("vips", ["black", colour, $"{width}", $"{height}", "--bands", "3"]);
        await ProcessRunner.RunAsync("vips", ["bandjoin", $"{colour} {alpha}", path]);
        File.Delete(alpha);
        File.Delete(colour);
        return path;
    }

    /// <summary>A flat colour at 50 % opacity (alpha 128) everywhere: a watermark or a translucent overlay.</summary>
    public static async Task<string> HalfTransparentPngAsync(string directory, byte red, byte green, byte blue, int width = 800, int height = 600)
    {
        var path = NewPath(directory, "half-transparent", "png");
        var black = NewPath(directory, "black", "v");
        await ProcessRunner.RunAsync("vips", ["black", black, $"{width}", $"{height}", "--bands", "4"]);
        // out = in * 0 + [r, g, b, 128]
        await ProcessRunner.RunAsync("vips", ["linear", black, path, "0 0 0 0", $"{red} {green} {blue} 128", "--uchar"]);
        File.Delete(black);
        return path;
    }

    /// <summary>A JPEG cut off mid-scan, as a broken upload leaves it: the header is valid, the data ends early.</summary>
    public static async Task<string> CorruptJpegAsync(string directory)
    {
        var whole = await ImageAsync(directory, "jpg", 800, 600);
        var bytes = await File.ReadAllBytesAsync(whole);
        var path = NewPath(directory, "corrupt", "jpg");
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length * 2 / 5)]);
        File.Delete(whole);
        return path;
    }

    public static async Task<string> PdfAsync(string directory, int pages)
    {
        var path = NewPath(directory, $"document-{pages}p", "pdf");
        await File.WriteAllBytesAsync(path, MinimalPdf.Build(pages));
        return path;
    }

    /// <summary>An AES-256 PDF that needs <see cref="EncryptedPdfPassword"/> to open (Debian package qpdf).</summary>
    public static async Task<string> EncryptedPdfAsync(string directory, int pages = 2)
    {
        var plain = await PdfAsync(directory, pages);
        var path = NewPath(directory, "encrypted", "pdf");
        await ProcessRunner.RunAsync("qpdf", ["--encrypt", EncryptedPdfPassword, "owner-" + EncryptedPdfPassword, "256", "--", plain, path]);
        File.Delete(plain);
        return path;
    }

    public static async Task<string> EicarAsync(string directory)
    {
        var path = NewPath(directory, "eicar", "com");
        await File.WriteAllBytesAsync(path, Eicar);
        return path;
    }

    private static string NewPath(string directory, string kind, string extension) =>
        Path.Combine(directory, $"{kind}-{Guid.NewGuid().ToString("N")[..8]}.{extension}");
}
