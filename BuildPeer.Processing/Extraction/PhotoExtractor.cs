using BuildPeer.Processing.Tools;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.Processing.Extraction;

/// <summary>EXIF (date, GPS, camera, size) and 200/800 px JPEG thumbnails via libvips (in the renderer processes; HEIC through the vips CLI).</summary>
public sealed class PhotoExtractor(ImageRenditions images, PhotoMetadataReader metadataReader, IConfiguration configuration)
{
    public static readonly int[] ThumbnailSizes = [200, 800];

    /// <summary>Decompression-bomb guard: refuse before decoding (imgproxy's default is 16.8 MP; plans scans can be larger).</summary>
    private long MaxPixels => configuration.GetValue("Processing:MaxImagePixels", 100_000_000L);

    public async Task<Extracted> ExtractAsync(string originalPath, string workDir, CancellationToken ct)
    {
        try
        {
            // In-process header read first: each vips process costs ~45 ms of CPU just to start, a fifth of a photo's tools.
            var exif = ReadMetadata(originalPath);
            var dimensions = exif is { SizeFromImageHeader: true, Width: { } w, Height: { } h }
                ? new ImageDimensions(w, h)
                : await images.ReadDimensionsAsync(originalPath, ct); // HEIC, TIFF: libvips reads the header
            if (dimensions.Pixels > MaxPixels)
                throw new PermanentProcessingException(FailureReason.ImageTooLarge(dimensions.Width, dimensions.Height, dimensions.Pixels, MaxPixels));

            var renditions = (await images.CreateJpegThumbnailsAsync(originalPath, workDir, ThumbnailSizes, MaxPixels, ct))
                .OrderBy(r => r.Box)
                .Select(r => new LocalRendition($"thumb-{r.Box}", r.Path, "jpg", "image/jpeg", r.Info.Width, r.Info.Height, r.Info.Bytes))
                .ToList();
            var metadata = new FileMetadata(exif?.TakenAt, exif?.Latitude, exif?.Longitude, exif?.CameraMake, exif?.CameraModel,
                exif?.Width ?? dimensions.Width, exif?.Height ?? dimensions.Height,
                DisplayedWidth: exif?.DisplayedWidth ?? dimensions.Width, DisplayedHeight: exif?.DisplayedHeight ?? dimensions.Height);
            return new Extracted(metadata, renditions);
        }
        catch (ImageUnreadableException e)
        {
            throw new PermanentProcessingException(FailureReason.ImageUnreadable(e.Reason), e);
        }
    }

    private PhotoMetadata? ReadMetadata(string path)
    {
        // HEIC and some PNGs carry no EXIF MetadataExtractor can read; the thumbnails still tell the size.
        try { return metadataReader.Read(path); }
        catch (ImageUnreadableException) { return null; }
    }
}
