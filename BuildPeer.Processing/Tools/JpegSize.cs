using MetadataExtractor;
using MetadataExtractor.Formats.Jpeg;

namespace BuildPeer.Processing.Tools;

/// <summary>Pixel size of a JPEG we just wrote, read in-process from its frame header.</summary>
internal static class JpegSize
{
    public static ImageDimensions Read(string path)
    {
        var frame = JpegMetadataReader.ReadMetadata(path).OfType<JpegDirectory>().FirstOrDefault()
            ?? throw new ImageUnreadableException($"{Path.GetFileName(path)} has no JPEG frame header");
        return new ImageDimensions(frame.GetImageWidth(), frame.GetImageHeight());
    }

    public static RenditionInfo Describe(string path)
    {
        var size = Read(path);
        return new RenditionInfo(size.Width, size.Height, new FileInfo(path).Length);
    }
}
