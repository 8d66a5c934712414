using System.Reflection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;

namespace BuildPeer.Bench.Renderers;

/// <summary>
/// SixLabors.ImageSharp 2.1 (the design's choice; benchmark only): a full decode of the original (2.x has no
/// JPEG shrink-on-load), auto-orient, resize to 800 px and write, then resize that same image to 200 px and write.
/// </summary>
public sealed class ImageSharpRenderer : IRenderer
{
    private static readonly JpegEncoder Encoder = new() { Quality = 80 };

    public string Describe() =>
        "SixLabors.ImageSharp " + (typeof(Image).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?");

    public void Render(string file, string directory)
    {
        using var image = Image.Load(file);
        image.Mutate(x => x.AutoOrient());
        image.Metadata.ExifProfile = null;
        image.Metadata.IccProfile = null;
        image.Metadata.IptcProfile = null;
        image.Metadata.XmpProfile = null;
        FitInside(image, 800);
        image.SaveAsJpeg(Path.Combine(directory, "thumb-800.jpg"), Encoder);
        FitInside(image, 200);
        image.SaveAsJpeg(Path.Combine(directory, "thumb-200.jpg"), Encoder);
    }

    private static void FitInside(Image image, int box)
    {
        if (image.Width <= box && image.Height <= box) return; // never enlarge
        image.Mutate(x => x.Resize(new ResizeOptions { Size = new Size(box, box), Mode = ResizeMode.Max }));
    }
}
