using BuildPeer.TestSupport;
using BuildPeer.Processing.Tools;

namespace BuildPeer.Processing.Tests;

public sealed class PhotoMetadataReaderTests : IDisposable
{
    private readonly TemporaryDirectory _files = new("metadata");
    private readonly PhotoMetadataReader _reader = new();

    [Fact]
    public async Task Photo_gives_position_time_camera_and_size()
    {
        var photo = await SampleFiles.PhotoWithGpsAsync(_files.Path, 1600, 1200);

        var metadata = _reader.Read(photo);

        Assert.Equal(SampleFiles.PhotoLatitude, metadata.Latitude!.Value, 1e-4);
        // West of Greenwich: the W reference makes the longitude negative.
        Assert.Equal(SampleFiles.PhotoLongitude, metadata.Longitude!.Value, 1e-4);
        Assert.Equal(SampleFiles.PhotoTakenAt, metadata.TakenAt);
        Assert.Equal(TimeSpan.FromHours(-6), metadata.TakenAt!.Value.Offset);
        Assert.Equal(SampleFiles.PhotoCameraMake, metadata.CameraMake);
        Assert.Equal(SampleFiles.PhotoCameraModel, metadata.CameraModel);
        Assert.Equal((1600, 1200), (metadata.Width, metadata.Height));
    }

    [Fact]
    public async Task Orientation_6_reports_the_stored_and_the_upright_size()
    {
        var photo = await SampleFiles.PhotoWithGpsAsync(_files.Path, 1600, 1200);
        // A phone held upright stores landscape pixels and "rotate 90 CW".
        await ProcessRunner.RunAsync("exiftool", ["-overwrite_original", "-n", "-Orientation=6", photo]);

        var metadata = _reader.Read(photo);

        Assert.Equal(6, metadata.Orientation);
        Assert.Equal((1600, 1200), (metadata.Width, metadata.Height));
        Assert.Equal((1200, 1600), (metadata.DisplayedWidth, metadata.DisplayedHeight));
    }

    [Fact]
    public async Task Upright_photo_is_displayed_as_stored()
    {
        var photo = await SampleFiles.PhotoWithGpsAsync(_files.Path, 1600, 1200);

        var metadata = _reader.Read(photo);

        Assert.Equal((1600, 1200), (metadata.DisplayedWidth, metadata.DisplayedHeight));
    }

    [Fact]
    public async Task Heic_photo_gives_position_time_and_camera()
    {
        var photo = await SampleFiles.PhotoWithGpsAsync(_files.Path, 1600, 1200, "heic");

        var metadata = _reader.Read(photo);

        Assert.Equal(SampleFiles.PhotoLatitude, metadata.Latitude!.Value, 1e-4);
        Assert.Equal(SampleFiles.PhotoLongitude, metadata.Longitude!.Value, 1e-4);
        Assert.Equal(SampleFiles.PhotoTakenAt, metadata.TakenAt);
        Assert.Equal(SampleFiles.PhotoCameraModel, metadata.CameraModel);
    }

    [Fact]
    public async Task Image_without_exif_has_only_its_size()
    {
        var png = await SampleFiles.PngAsync(_files.Path, 640, 480);

        Assert.Equal(new PhotoMetadata(null, null, null, null, null, 640, 480, SizeFromImageHeader: true), _reader.Read(png));
    }

    [Fact]
    public async Task A_pdf_is_not_a_photo()
    {
        var pdf = await SampleFiles.PdfAsync(_files.Path, 1);

        Assert.Throws<ImageUnreadableException>(() => _reader.Read(pdf));
    }

    public void Dispose() => _files.Dispose();
}
