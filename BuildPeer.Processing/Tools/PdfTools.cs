using System.Globalization;

namespace BuildPeer.Processing.Tools;

/// <summary>Page count, text and a first-page preview with poppler's command-line tools.</summary>
public sealed class PdfTools(TimeSpan? timeout = null)
{
    public TimeSpan Timeout { get; } = timeout ?? TimeSpan.FromSeconds(60);

    public async Task<PdfInfo> ReadInfoAsync(string path, CancellationToken ct = default)
    {
        var result = await RunAsync("pdfinfo", [Path.GetFullPath(path)], ct);
        int? pages = null;
        bool? encrypted = null;
        foreach (var line in result.Stdout.Split('\n'))
        {
            if (Field(line, "Pages") is { } p && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var count)) pages = count;
            // "Encrypted:       yes (print:yes copy:no ... algorithm:AES-256)"
            if (Field(line, "Encrypted") is { } e) encrypted = e.StartsWith("yes", StringComparison.Ordinal);
        }
        if (pages is null || encrypted is null)
            throw new PdfUnreadableException("The PDF's page count could not be read.");
        return new PdfInfo(pages.Value, encrypted.Value);
    }

    /// <summary>Writes the text of every page as UTF-8 (pages separated by form feeds); returns the file's size in bytes.</summary>
    public async Task<long> ExtractTextAsync(string path, string outputPath, CancellationToken ct = default)
    {
        await RunAsync("pdftotext", ["-enc", "UTF-8", Path.GetFullPath(path), Path.GetFullPath(outputPath)], ct);
        return new FileInfo(outputPath).Length;
    }

    /// <summary>Renders page 1 as a JPEG whose longer side is <paramref name="maxSize"/> pixels.</summary>
    public async Task<RenditionInfo> RenderFirstPageJpegAsync(string path, string outputPath, int maxSize, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        // pdftoppm appends ".jpg" to the name it is given; render beside the target, then move into place.
        var root = Path.GetFullPath(outputPath) + ".rendering";
        string[] arguments =
        [
            "-f", "1", "-l", "1", "-singlefile", "-jpeg", "-jpegopt", "quality=80",
            "-scale-to", maxSize.ToString(CultureInfo.InvariantCulture), Path.GetFullPath(path), root,
        ];
        try
        {
            await RunAsync("pdftoppm", arguments, ct);
            File.Move(root + ".jpg", outputPath, overwrite: true);
        }
        finally
        {
            File.Delete(root + ".jpg");
        }
        return JpegSize.Describe(outputPath);
    }

    private static string? Field(string line, string name) =>
        line.StartsWith(name + ":", StringComparison.Ordinal) ? line[(name.Length + 1)..].Trim() : null;

    private async Task<ExternalToolResult> RunAsync(string tool, string[] arguments, CancellationToken ct)
    {
        try
        {
            return await ExternalTool.RunAsync(tool, arguments, Timeout, ct);
        }
        // Only a tool that ran and refused the file; a missing tool or a timeout stays an ExternalToolException.
        catch (ExternalToolException e) when (e.ExitCode is not null)
        {
            throw new PdfUnreadableException(PdfFailureReason.From(e.Stderr), e);
        }
    }
}
