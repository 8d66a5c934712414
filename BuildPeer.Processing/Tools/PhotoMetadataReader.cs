using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.Bmp;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Gif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.WebP;
using MetadataDirectory = MetadataExtractor.Directory;

namespace BuildPeer.Processing.Tools;

/// <summary>EXIF date, GPS position, camera and pixel size, read in-process with MetadataExtractor.</summary>
public sealed class PhotoMetadataReader
{
    // EXIF 2.31 OffsetTimeOriginal ("-06:00"); MetadataExtractor 2.4.3 has no constant for it.
    private const int TagOffsetTimeOriginal = 0x9011;

    public PhotoMetadata Read(string path)
    {
        IReadOnlyList<MetadataDirectory> directories;
        try
        {
            directories = ImageMetadataReader.ReadMetadata(path);
        }
        catch (ImageProcessingException e)
        {
            throw new ImageUnreadableException($"{Path.GetFileName(path)}: {e.Message}", e);
        }

        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var position = ReadPosition(directories.OfType<GpsDirectory>().FirstOrDefault());
        var (width, height, fromHeader) = ReadSize(directories);
        return new PhotoMetadata(
            ReadTakenAt(directories.OfType<ExifSubIfdDirectory>().FirstOrDefault()),
            position?.Latitude,
            position?.Longitude,
            Clean(ifd0?.GetString(ExifDirectoryBase.TagMake)),
            Clean(ifd0?.GetString(ExifDirectoryBase.TagModel)),
            width,
            height,
            fromHeader,
            ReadOrientation(ifd0));
    }

    /// <summary>1 to 8 as EXIF defines it; anything else is ignored, as libvips ignores it when it rotates.</summary>
    private static int? ReadOrientation(ExifIfd0Directory? ifd0) =>
        ifd0 is not null && ifd0.TryGetInt32(ExifDirectoryBase.TagOrientation, out var value) && value is >= 1 and <= 8 ? value : null;

    private static DateTimeOffset? ReadTakenAt(ExifSubIfdDirectory? exif)
    {
        if (exif is null || !exif.TryGetDateTime(ExifDirectoryBase.TagDateTimeOriginal, out var local)) return null;
        var offset = TimeSpan.Zero;
        if (exif.GetString(TagOffsetTimeOriginal) is { } text)
        {
            var trimmed = text.Trim().TrimStart('+');
            if (!TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out offset)) offset = TimeSpan.Zero;
        }
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
    }

    /// <summary>Signed degrees: the library applies the N/S and E/W references (S and W are negative).</summary>
    private static GeoLocation? ReadPosition(GpsDirectory? gps)
    {
        var location = gps?.GetGeoLocation();
        // Some cameras write 0,0 when they had no fix.
        return location is null || location.IsZero ? null : location;
    }

    private static (int? Width, int? Height, bool FromImageHeader) ReadSize(IReadOnlyList<MetadataDirectory> directories)
    {
        // The image's own header first; EXIF sizes can be stale after editing.
        (Type Directory, int Width, int Height, bool ImageHeader)[] sources =
        [
            (typeof(JpegDirectory), JpegDirectory.TagImageWidth, JpegDirectory.TagImageHeight, true),
            (typeof(PngDirectory), PngDirectory.TagImageWidth, PngDirectory.TagImageHeight, true),
            (typeof(WebPDirectory), WebPDirectory.TagImageWidth, WebPDirectory.TagImageHeight, true),
            (typeof(GifHeaderDirectory), GifHeaderDirectory.TagImageWidth, GifHeaderDirectory.TagImageHeight, true),
            (typeof(BmpHeaderDirectory), BmpHeaderDirectory.TagImageWidth, BmpHeaderDirectory.TagImageHeight, true),
            (typeof(ExifIfd0Directory), ExifDirectoryBase.TagImageWidth, ExifDirectoryBase.TagImageHeight, false),
            (typeof(ExifSubIfdDirectory), ExifDirectoryBase.TagExifImageWidth, ExifDirectoryBase.TagExifImageHeight, false),
        ];
        foreach (var (type, widthTag, heightTag, imageHeader) in sources)
        foreach (var directory in directories.Where(type.IsInstanceOfType))
        {
            if (directory.TryGetInt32(widthTag, out var width) && directory.TryGetInt32(heightTag, out var height))
                return (width, height, imageHeader);
        }
        return (null, null, false);
    }

    private static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().TrimEnd('\0');
}
