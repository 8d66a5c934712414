using System.Text.Json;
using NetVips;

namespace BuildPeer.Processing.Tools.Rendering;

/// <summary>
/// The renderer process (<c>BuildPeer.Processing renderer</c>): libvips in-process through NetVips, one JSON
/// <see cref="RenderRequest"/> per stdin line, one <see cref="RenderReply"/> per stdout line. It lives as long as
/// Processing, so a photo costs one decode and no process start; it is a process of its own so that a crafted image
/// that crashes libvips takes down only this process and the one photo it held.
/// </summary>
public static class RendererProgram
{
    public const string Command = "renderer";

    /// <summary>The loaders a photo may reach: JPEG, PNG, WebP, TIFF (HEIC goes to Debian's vips, which has the HEVC decoder).</summary>
    private static readonly string[] AllowedLoaders = ["VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadTiff"];

    public static int Run()
    {
        // Every photo is new: the operation cache would only keep decoded images in memory.
        Cache.Max = 0;
        // libvips would also read SVG, GIF, PDF… if linked in; only photo loaders stay reachable.
        Operation.Block("VipsForeignLoad", true);
        foreach (var loader in AllowedLoaders) Operation.Block(loader, false);

        var output = Console.Out;
        while (Console.In.ReadLine() is { } line)
        {
            var request = JsonSerializer.Deserialize<RenderRequest>(line) ?? throw new InvalidDataException("An empty request.");
            RenderReply reply;
            try { reply = new RenderReply(Render(request)); }
            catch (VipsException e) { reply = new RenderReply(null, Reason(e.Message)); }
            output.WriteLine(JsonSerializer.Serialize(reply));
            output.Flush();
        }
        return 0;
    }

    private static List<RenderedFile> Render(RenderRequest request)
    {
        // Decompression bombs: Processing refuses them from the header before sending; checked again from libvips' own header read.
        using (var header = Image.NewFromFile(request.Input, access: Enums.Access.Sequential))
            if ((long)header.Width * header.Height > request.MaxPixels)
                throw new VipsException($"{header.Width}×{header.Height} is more than {request.MaxPixels} pixels");

        var files = new List<RenderedFile>();
        Image? source = null;
        try
        {
            foreach (var box in request.Boxes)
            {
                // The largest from the file (shrink-on-load, EXIF orientation applied); each smaller one from the one before, in memory.
                using var resized = source is null
                    ? Image.Thumbnail(request.Input, box, height: box, size: Enums.Size.Down, failOn: Enums.FailOn.Truncated)
                    : source.ThumbnailImage(box, height: box, size: Enums.Size.Down);
                var copy = resized.CopyMemory();
                source?.Dispose();
                source = copy;
                var path = Path.Combine(request.OutputDirectory, $"thumb-{box}.jpg");
                // JPEG has no alpha: a transparent plan is flattened onto paper white, not black. No metadata (no GPS in renditions).
                source.Jpegsave(path, q: 80, keep: Enums.ForeignKeep.None, background: [255.0]);
                files.Add(new RenderedFile(box, path, source.Width, source.Height, new FileInfo(path).Length));
            }
        }
        finally
        {
            source?.Dispose();
        }
        return files;
    }

    // NetVips and libvips put "unable to call thumbnail" / "unable to copy to memory" before the lines that say what is wrong with the file.
    private static string Reason(string message) =>
        string.Join("; ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("unable to ", StringComparison.Ordinal))) is { Length: > 0 } reason ? reason : message;
}
