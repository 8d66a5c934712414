namespace BuildPeer.Processing.Tools;

/// <summary>
/// What a photo says about itself. <see cref="TakenAt"/> carries the camera's UTC offset when the file
/// records one (EXIF OffsetTimeOriginal); otherwise the camera's local time is taken as UTC.
/// Width and height are as stored, before EXIF orientation. <see cref="SizeFromImageHeader"/> says they come from the
/// image's own header (JPEG frame, PNG IHDR, WebP), which the decoder also obeys, not from EXIF tags a file can fake.
/// </summary>
public sealed record PhotoMetadata(
    DateTimeOffset? TakenAt,
    double? Latitude,
    double? Longitude,
    string? CameraMake,
    string? CameraModel,
    int? Width,
    int? Height,
    bool SizeFromImageHeader = false,
    int? Orientation = null)
{
    /// <summary>EXIF orientations 5 to 8 turn the picture a quarter: a viewer (and the thumbnails) swap width and height.</summary>
    public bool QuarterTurned => Orientation is >= 5 and <= 8;

    /// <summary>Width as shown upright, after the EXIF orientation is applied.</summary>
    public int? DisplayedWidth => QuarterTurned ? Height : Width;

    public int? DisplayedHeight => QuarterTurned ? Width : Height;
}
