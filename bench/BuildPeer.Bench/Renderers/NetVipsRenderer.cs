using NetVips;

namespace BuildPeer.Bench.Renderers;

/// <summary>
/// libvips in-process: one shrink-on-load decode of the original, the 800 px rendition kept in memory and
/// written, the 200 px one made from that memory copy (no second JPEG decode, no process start).
/// </summary>
public sealed class NetVipsRenderer : IRenderer
{
    public NetVipsRenderer()
    {
        // Every file is new: the operation cache would only hold decoded images in memory.
        Cache.Max = 0;
    }

    public string Describe() => $"libvips {NetVips.NetVips.Version(0)}.{NetVips.NetVips.Version(1)}.{NetVips.NetVips.Version(2)} through NetVips";

    public void Render(string file, string directory)
    {
        using var decoded = Image.Thumbnail(file, 800, height: 800, size: Enums.Size.Down, failOn: Enums.FailOn.Truncated);
        using var large = decoded.CopyMemory();
        Save(large, Path.Combine(directory, "thumb-800.jpg"));
        using var small = large.ThumbnailImage(200, height: 200, size: Enums.Size.Down);
        Save(small, Path.Combine(directory, "thumb-200.jpg"));
    }

    // background 255: JPEG has no alpha, and a transparent plan stays on paper white (as Processing's CLI call does).
    private static void Save(Image image, string path) =>
        image.Jpegsave(path, q: 80, keep: Enums.ForeignKeep.None, background: [255.0]);
}
