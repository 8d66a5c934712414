using BuildPeer.TestSupport;
using BuildPeer.Processing.Tools;
using Xunit.Abstractions;

namespace BuildPeer.Processing.Tests;

public sealed class ImageRenditionsTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryDirectory _files = new("renditions");
    private readonly ImageRenditions _renditions = new();

    [Theory]
    [InlineData(200, 200, 150)]
    [InlineData(800, 800, 600)]
    public async Task Photo_thumbnail_fits_the_box_and_keeps_the_aspect(int maxSize, int width, int height)
    {
        var photo = await SampleFiles.PhotoWithGpsAsync(_files.Path, 1600, 1200);
        var thumbnail = _files.File($"thumb-{maxSize}.jpg");

        var started = System.Diagnostics.Stopwatch.StartNew();
        var info = await _renditions.CreateJpegThumbnailAsync(photo, thumbnail, maxSize);
        output.WriteLine($"thumbnail {maxSize}: {started.Elapsed.TotalMilliseconds:0} ms, {info.Bytes} bytes");

        Assert.Equal(new RenditionInfo(width, height, new FileInfo(thumbnail).Length), info);
        Assert.Equal(new ImageDimensions(width, height), await _renditions.ReadDimensionsAsync(thumbnail));
        Assert.True(info.Bytes > 1000, "a thumbnail of real content is more than a header");
    }

    [Fact]
    public async Task Thumbnail_strips_location_and_camera()
    {
        var photo = await SampleFiles.PhotoWithGpsAsync(_files.Path);
        var thumbnail = _files.File("thumb.jpg");

        await _renditions.CreateJpegThumbnailAsync(photo, thumbnail, 200);

        var metadata = new PhotoMetadataReader().Read(thumbnail);
        Assert.Null(metadata.Latitude);
        Assert.Null(metadata.CameraMake);
        Assert.Equal(SampleFiles.PhotoLatitude, new PhotoMetadataReader().Read(photo).Latitude!.Value, 4);
    }

    [Fact]
    public async Task Small_image_is_never_upscaled()
    {
        var png = await SampleFiles.PngAsync(_files.Path, 640, 480);

        var info = await _renditions.CreateJpegThumbnailAsync(png, _files.File("thumb.jpg"), 800);

        Assert.Equal((640, 480), (info.Width, info.Height));
    }

    [Fact]
    public async Task Exif_orientation_is_applied()
    {
        var photo = await SampleFiles.PhotoWithGpsAsync(_files.Path, 1600, 1200);
        // 6 = "rotate 90 CW": a phone held upright stores landscape pixels plus this tag.
        await ProcessRunner.RunAsync("exiftool", ["-overwrite_original", "-n", "-Orientation=6", photo]);

        var info = await _renditions.CreateJpegThumbnailAsync(photo, _files.File("thumb.jpg"), 200);

        Assert.Equal((150, 200), (info.Width, info.Height));
    }

    [Fact]
    public async Task Line_art_on_a_transparent_background_is_drawn_on_white()
    {
        var drawing = await SampleFiles.TransparentLineArtPngAsync(_files.Path, 800, 600);
        var thumbnail = _files.File("thumb.jpg");

        await _renditions.CreateJpegThumbnailAsync(drawing, thumbnail, 200);

        // Transparent corners and margins: white, not black.
        Assert.All(await ImagePixels.ReadAsync(thumbnail, 5, 5), band => Assert.InRange(band, 245, 255));
        Assert.All(await ImagePixels.ReadAsync(thumbnail, 100, 20), band => Assert.InRange(band, 245, 255));
        // The black stroke (rows 60-90 at this size) is still black.
        Assert.All(await ImagePixels.ReadAsync(thumbnail, 100, 75), band => Assert.InRange(band, 0, 15));
    }

    [Fact]
    public async Task Half_transparent_colour_blends_toward_white_not_black()
    {
        var overlay = await SampleFiles.HalfTransparentPngAsync(_files.Path, 255, 0, 0, 400, 300);
        var thumbnail = _files.File("thumb.jpg");

        await _renditions.CreateJpegThumbnailAsync(overlay, thumbnail, 200);

        // 50 % red over white is (255, 127, 127); over black it would be (128, 0, 0).
        var pixel = await ImagePixels.ReadAsync(thumbnail, 100, 75);
        Assert.InRange(pixel[0], 245, 255);
        Assert.InRange(pixel[1], 115, 140);
        Assert.InRange(pixel[2], 115, 140);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("webp")]
    [InlineData("tif")]
    [InlineData("heic")]
    [InlineData("jpg")]
    public async Task Each_accepted_format_makes_a_jpeg_thumbnail(string extension)
    {
        var image = await SampleFiles.ImageAsync(_files.Path, extension, 1600, 1200);
        var thumbnail = _files.File($"thumb-{extension}.jpg");

        var info = await _renditions.CreateJpegThumbnailAsync(image, thumbnail, 200);

        Assert.Equal((200, 150), (info.Width, info.Height));
        Assert.Equal(new ImageDimensions(1600, 1200), await _renditions.ReadDimensionsAsync(image));
        Assert.Equal([0xFF, 0xD8, 0xFF], (await File.ReadAllBytesAsync(thumbnail))[..3]);
    }

    [Fact]
    public async Task Truncated_jpeg_is_refused_instead_of_thumbnailed()
    {
        var corrupt = await SampleFiles.CorruptJpegAsync(_files.Path);
        var thumbnail = _files.File("thumb.jpg");

        var error = await Assert.ThrowsAsync<ImageUnreadableException>(
            () => _renditions.CreateJpegThumbnailAsync(corrupt, thumbnail, 200));

        Assert.Contains("Premature end", error.Reason);
        // The header is intact, so a size check alone would have let it through.
        Assert.Equal(new ImageDimensions(800, 600), await _renditions.ReadDimensionsAsync(corrupt));
    }

    [Theory]
    [InlineData("pdf")]
    [InlineData("svg")]
    [InlineData("gif")]
    [InlineData("txt")]
    public async Task Files_libvips_could_read_but_are_not_photos_never_reach_it(string kind)
    {
        var path = await OtherFileAsync(kind);
        var thumbnail = _files.File("thumb.jpg");

        var fromHeader = await Assert.ThrowsAsync<ImageUnreadableException>(() => _renditions.ReadDimensionsAsync(path));
        await Assert.ThrowsAsync<ImageUnreadableException>(() => _renditions.CreateJpegThumbnailAsync(path, thumbnail, 200));

        Assert.Contains("is not a JPEG, PNG, WebP, TIFF or HEIC image", fromHeader.Reason);
        Assert.False(File.Exists(thumbnail));
    }

    [Fact]
    public async Task Jpeg_signature_over_garbage_is_unreadable()
    {
        var path = _files.File("garbage.jpg");
        await File.WriteAllBytesAsync(path, [0xFF, 0xD8, 0xFF, .. System.Text.Encoding.ASCII.GetBytes("not really a photo")]);

        var error = await Assert.ThrowsAsync<ImageUnreadableException>(() => _renditions.ReadDimensionsAsync(path));

        Assert.Contains("is not a readable image", error.Reason);
        Assert.IsType<ExternalToolException>(error.InnerException);
    }

    [Fact]
    public async Task Output_must_be_named_as_a_jpeg()
    {
        var png = await SampleFiles.PngAsync(_files.Path);

        await Assert.ThrowsAsync<ArgumentException>(() => _renditions.CreateJpegThumbnailAsync(png, _files.File("thumb.tmp"), 200));
    }

    private async Task<string> OtherFileAsync(string kind)
    {
        switch (kind)
        {
            case "pdf":
                return await SampleFiles.PdfAsync(_files.Path, 1);
            case "gif":
                var gif = _files.File("anim.gif");
                await ProcessRunner.RunAsync("vips", ["copy", await SampleFiles.PngAsync(_files.Path, 64, 48), gif]);
                return gif;
            case "svg":
                var svg = _files.File("drawing.svg");
                await File.WriteAllTextAsync(svg, """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"/>""");
                return svg;
            default:
                var text = _files.File("notes.jpg");
                await File.WriteAllTextAsync(text, "a text file named like a photo\n");
                return text;
        }
    }

    public void Dispose() => _files.Dispose();
}
