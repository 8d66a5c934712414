using System.Globalization;
using System.Text.RegularExpressions;

namespace BuildPeer.Processing.Tools;

/// <summary>Thumbnails and header reads with libvips' command-line tools (JPEG, PNG, WebP, TIFF, HEIC in).</summary>
public sealed partial class ImageRenditions(TimeSpan? timeout = null)
{
    private static readonly HashSet<string> AcceptedLoaders = ["jpegload", "pngload", "webpload", "tiffload", "heifload"];

    public TimeSpan Timeout { get; } = timeout ?? TimeSpan.FromSeconds(60);

    /// <summary>
    /// Writes a JPEG that fits inside <paramref name="maxSize"/>², keeps the aspect ratio, applies the EXIF
    /// orientation, never upscales and strips metadata (no GPS in renditions).
    /// </summary>
    public async Task<RenditionInfo> CreateJpegThumbnailAsync(string inputPath, string outputPath, int maxSize, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        // libvips picks the output format from the extension.
        if (Path.GetExtension(outputPath).ToLowerInvariant() is not (".jpg" or ".jpeg"))
            throw new ArgumentException("The thumbnail path must end in .jpg or .jpeg.", nameof(outputPath));
        // The format gate: `vips thumbnail` itself would render a PDF or an SVG too.
        await ReadDimensionsAsync(inputPath, ct);
        var size = maxSize.ToString(CultureInfo.InvariantCulture);
        // `vips thumbnail` is the operation behind vipsthumbnail; unlike vipsthumbnail it accepts
        // --fail-on, so a truncated upload fails instead of becoming a half-grey thumbnail.
        string[] arguments =
        [
            "thumbnail", Path.GetFullPath(inputPath), Path.GetFullPath(outputPath) + "[Q=80,strip]", size,
            "--height", size, "--size", "down", "--fail-on", "truncated",
        ];
        await RunAsync("vips", arguments, inputPath, ct);
        return JpegSize.Describe(outputPath);
    }

    /// <summary>
    /// Reads width and height from the file header only, so huge images can be refused before decoding.
    /// Refuses anything libvips reads that is not an accepted photo format (it also reads PDF, SVG, GIF...).
    /// </summary>
    public async Task<ImageDimensions> ReadDimensionsAsync(string path, CancellationToken ct = default)
    {
        var fullPath = Path.GetFullPath(path);
        var result = await RunAsync("vipsheader", [fullPath], path, ct);
        // One line per file: "<path>: 1600x1200 uchar, 3 bands, srgb, jpegload".
        var line = result.Stdout.Trim();
        var match = line.StartsWith(fullPath + ": ", StringComparison.Ordinal)
            ? HeaderLine().Match(line, fullPath.Length + 2)
            : Match.Empty;
        if (!match.Success)
            throw new ImageUnreadableException($"vipsheader gave no size for {Path.GetFileName(path)}: '{line}'");
        var loader = match.Groups[3].Value;
        if (!AcceptedLoaders.Contains(loader))
            throw new ImageUnreadableException(
                $"{Path.GetFileName(path)} is read by {loader}; accepted images are JPEG, PNG, WebP, TIFF and HEIC.");
        return new ImageDimensions(
            int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture));
    }

    private async Task<ExternalToolResult> RunAsync(string tool, string[] arguments, string inputPath, CancellationToken ct)
    {
        try
        {
            return await ExternalTool.RunAsync(tool, arguments, Timeout, ct);
        }
        // Only a tool that ran and refused the file; a missing tool or a timeout stays an ExternalToolException.
        catch (ExternalToolException e) when (e.ExitCode is not null)
        {
            throw new ImageUnreadableException($"{Path.GetFileName(inputPath)} is not a readable image: {FirstError(e.Stderr)}", e);
        }
    }

    // libvips prints GLib warning headers ("(vips:123): VIPS-WARNING **: ...") before the actual message.
    private static string FirstError(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(line => !line.Contains("-WARNING **", StringComparison.Ordinal))
        ?? "unknown error";

    [GeneratedRegex(@"\G(\d+)x(\d+) .*, (\w+)$")]
    private static partial Regex HeaderLine();
}
