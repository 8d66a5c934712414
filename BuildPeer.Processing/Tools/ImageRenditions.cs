using System.Globalization;
using System.Text.RegularExpressions;
using BuildPeer.Processing.Tools.Rendering;

namespace BuildPeer.Processing.Tools;

/// <summary>
/// Thumbnails and header reads with libvips: JPEG, PNG, WebP and TIFF in the long-lived renderer processes when there is a
/// <paramref name="renderer"/>; HEIC (whose HEVC decoder only Debian's libvips has) and everything without one through
/// the command-line tools, a process per call.
/// </summary>
public sealed partial class ImageRenditions(TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null, Renderer? renderer = null)
{
    public TimeSpan Timeout { get; } = timeout ?? TimeSpan.FromSeconds(60);

    /// <summary>Set for every vips process (<see cref="VipsModules"/>).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; } = environment;

    /// <summary>
    /// Writes thumb-{box}.jpg in <paramref name="outputDirectory"/> for each of <paramref name="boxes"/>, largest first, each
    /// smaller one made from the one before (already oriented and stripped: a 200 px thumbnail from the 800 px rendition
    /// costs a fraction of one from a 12 MP original). Same rules as <see cref="CreateJpegThumbnailAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<(int Box, string Path, RenditionInfo Info)>> CreateJpegThumbnailsAsync(
        string inputPath, string outputDirectory, IEnumerable<int> boxes, long maxPixels, CancellationToken ct = default)
    {
        var format = RequireAcceptedFormat(inputPath);
        var descending = boxes.OrderDescending().ToArray();
        if (renderer is not null && format != "HEIC")
        {
            IReadOnlyList<RenderedFile> files;
            try { files = await renderer.RenderAsync(new RenderRequest(Path.GetFullPath(inputPath), descending, Path.GetFullPath(outputDirectory), maxPixels), ct); }
            catch (ImageUnreadableException e) { throw new ImageUnreadableException($"{Path.GetFileName(inputPath)} is not a readable image: {e.Reason}", e); }
            return files.Select(f => (f.Box, f.Path, new RenditionInfo(f.Width, f.Height, f.Bytes))).ToList();
        }

        var written = new List<(int, string, RenditionInfo)>();
        var source = inputPath;
        foreach (var box in descending)
        {
            var path = Path.Combine(outputDirectory, $"thumb-{box}.jpg");
            written.Add((box, path, await CreateJpegThumbnailAsync(source, path, box, ct)));
            source = path;
        }
        return written;
    }

    /// <summary>
    /// Writes a JPEG that fits inside <paramref name="maxSize"/>², keeps the aspect ratio, applies the EXIF
    /// orientation, never upscales, strips metadata (no GPS in renditions) and flattens transparency onto white.
    /// </summary>
    public async Task<RenditionInfo> CreateJpegThumbnailAsync(string inputPath, string outputPath, int maxSize, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        // libvips picks the output format from the extension.
        if (Path.GetExtension(outputPath).ToLowerInvariant() is not (".jpg" or ".jpeg"))
            throw new ArgumentException("The thumbnail path must end in .jpg or .jpeg.", nameof(outputPath));
        RequireAcceptedFormat(inputPath);
        var size = maxSize.ToString(CultureInfo.InvariantCulture);
        // `vips thumbnail` is the operation behind vipsthumbnail; unlike vipsthumbnail it accepts
        // --fail-on, so a truncated upload fails instead of becoming a half-grey thumbnail.
        // JPEG has no alpha: the saver flattens onto `background`, black unless told. Plans, logos and signatures
        // drawn on a transparent background must stay on paper white.
        string[] arguments =
        [
            "thumbnail", Path.GetFullPath(inputPath), Path.GetFullPath(outputPath) + "[Q=80,strip,background=255]", size,
            "--height", size, "--size", "down", "--fail-on", "truncated",
        ];
        await RunAsync("vips", arguments, inputPath, ct);
        return JpegSize.Describe(outputPath);
    }

    /// <summary>Reads width and height from the file header only, so huge images can be refused before decoding.</summary>
    public async Task<ImageDimensions> ReadDimensionsAsync(string path, CancellationToken ct = default)
    {
        RequireAcceptedFormat(path);
        var fullPath = Path.GetFullPath(path);
        var result = await RunAsync("vipsheader", [fullPath], path, ct);
        // One line per file: "<path>: 1600x1200 uchar, 3 bands, srgb, jpegload".
        var line = result.Stdout.Trim();
        var match = line.StartsWith(fullPath + ": ", StringComparison.Ordinal)
            ? SizeAtStart().Match(line, fullPath.Length + 2)
            : Match.Empty;
        if (!match.Success)
            throw new ImageUnreadableException($"vipsheader gave no size for {Path.GetFileName(path)}: '{line}'");
        return new ImageDimensions(
            int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture));
    }

    /// <summary>libvips would also read PDF, SVG, GIF and more; only photo formats get that far.</summary>
    private static string RequireAcceptedFormat(string path) =>
        ImageSignature.Detect(path) ?? throw new ImageUnreadableException($"{Path.GetFileName(path)} is not a JPEG, PNG, WebP, TIFF or HEIC image.");

    private async Task<ExternalToolResult> RunAsync(string tool, string[] arguments, string inputPath, CancellationToken ct)
    {
        try
        {
            return await ExternalTool.RunAsync(tool, arguments, Timeout, ct, Environment);
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

    [GeneratedRegex(@"\G(\d+)x(\d+) ")]
    private static partial Regex SizeAtStart();
}
