using BuildPeer.Processing.Tools;
using BuildPeer.Processing.Tools.Rendering;
using BuildPeer.TestSupport;

namespace BuildPeer.Processing.Tests;

/// <summary>Photo renditions through the long-lived renderer processes (libvips in-process via NetVips), as Processing makes them.</summary>
public sealed class RendererTests : IDisposable
{
    private const long MaxPixels = 100_000_000;
    private readonly TemporaryDirectory _files = new("renderer");
    private readonly Renderer _renderer = new(RendererCommand.Default(), processes: 2);
    private readonly ImageRenditions _images;

    public RendererTests() => _images = new ImageRenditions(renderer: _renderer);

    [Fact]
    public async Task Both_thumbnails_fit_their_boxes_from_one_request_and_carry_no_location()
    {
        var photo = await SampleFiles.PhotoWithGpsAsync(_files.Path, 1600, 1200);

        var written = await _images.CreateJpegThumbnailsAsync(photo, _files.Path, [200, 800], MaxPixels);

        Assert.Equal([800, 200], written.Select(w => w.Box));
        Assert.Equal((800, 600), (written[0].Info.Width, written[0].Info.Height));
        Assert.Equal((200, 150), (written[1].Info.Width, written[1].Info.Height));
        foreach (var (_, path, info) in written)
        {
            Assert.Equal(new FileInfo(path).Length, info.Bytes);
            Assert.Equal(new ImageDimensions(info.Width, info.Height), await new ImageRenditions().ReadDimensionsAsync(path));
            var metadata = new PhotoMetadataReader().Read(path);
            Assert.Null(metadata.Latitude);
            Assert.Null(metadata.CameraMake);
        }
    }

    [Fact]
    public async Task Exif_orientation_is_applied_and_small_images_are_never_upscaled()
    {
        var photo = await SampleFiles.PhotoWithGpsAsync(_files.Path, 1600, 1200);
        await ProcessRunner.RunAsync("exiftool", ["-overwrite_original", "-n", "-Orientation=6", photo]);
        var small = await SampleFiles.PngAsync(_files.Path, 640, 480);
        Directory.CreateDirectory(_files.File("small"));

        var rotated = await _images.CreateJpegThumbnailsAsync(photo, _files.Path, [200], MaxPixels);
        var notUpscaled = await _images.CreateJpegThumbnailsAsync(small, _files.File("small"), [800, 200], MaxPixels);

        Assert.Equal((150, 200), (rotated[0].Info.Width, rotated[0].Info.Height));
        Assert.Equal((640, 480), (notUpscaled[0].Info.Width, notUpscaled[0].Info.Height));
        Assert.Equal((200, 150), (notUpscaled[1].Info.Width, notUpscaled[1].Info.Height));
    }

    [Fact]
    public async Task Line_art_on_a_transparent_background_is_drawn_on_white()
    {
        var drawing = await SampleFiles.TransparentLineArtPngAsync(_files.Path, 800, 600);

        var thumbnail = (await _images.CreateJpegThumbnailsAsync(drawing, _files.Path, [200], MaxPixels))[0].Path;

        Assert.All(await ImagePixels.ReadAsync(thumbnail, 5, 5), band => Assert.InRange(band, 245, 255));
        Assert.All(await ImagePixels.ReadAsync(thumbnail, 100, 75), band => Assert.InRange(band, 0, 15));
    }

    [Theory]
    [InlineData("png")]
    [InlineData("webp")]
    [InlineData("tif")]
    [InlineData("heic")] // through the vips CLI: NetVips.Native has no HEVC decoder
    [InlineData("jpg")]
    public async Task Each_accepted_format_makes_jpeg_thumbnails(string extension)
    {
        var image = await SampleFiles.ImageAsync(_files.Path, extension, 1600, 1200);

        var written = await _images.CreateJpegThumbnailsAsync(image, _files.Path, [200, 800], MaxPixels);

        Assert.Equal([(800, 600), (200, 150)], written.Select(w => (w.Info.Width, w.Info.Height)));
        Assert.All(written, w => Assert.Equal([0xFF, 0xD8, 0xFF], File.ReadAllBytes(w.Path)[..3]));
    }

    [Fact]
    public async Task A_truncated_jpeg_is_unreadable_and_the_renderer_stays_usable()
    {
        var corrupt = await SampleFiles.CorruptJpegAsync(_files.Path);
        var photo = await SampleFiles.PhotoWithGpsAsync(_files.Path, 1600, 1200);

        var error = await Assert.ThrowsAsync<ImageUnreadableException>(() => _images.CreateJpegThumbnailsAsync(corrupt, _files.Path, [200], MaxPixels));
        var after = await _images.CreateJpegThumbnailsAsync(photo, _files.Path, [200], MaxPixels);

        Assert.Contains("is not a readable image", error.Reason);
        Assert.Contains("premature end of JPEG", error.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(200, after[0].Info.Width);
    }

    [Fact]
    public async Task The_renderer_refuses_more_pixels_than_allowed_from_the_header()
    {
        var photo = await SampleFiles.PhotoWithGpsAsync(_files.Path, 1600, 1200);

        var error = await Assert.ThrowsAsync<ImageUnreadableException>(() => _images.CreateJpegThumbnailsAsync(photo, _files.Path, [200], 1_000_000));

        Assert.Contains("1600×1200 is more than 1000000 pixels", error.Reason);
        Assert.False(File.Exists(_files.File("thumb-200.jpg")));
    }

    [Fact]
    public async Task A_renderer_that_dies_mid_photo_fails_only_that_photo_and_is_replaced()
    {
        var photo = await SampleFiles.PhotoWithGpsAsync(_files.Path, 1600, 1200);
        // Stands in for a crafted image that crashes libvips: the process dies on its first request.
        using var dying = new Renderer(new RendererCommand("sh", ["-c", "read request; kill -SEGV $$"]), processes: 1);
        var crash = await Assert.ThrowsAsync<RendererCrashedException>(
            () => dying.RenderAsync(new RenderRequest(photo, [200], _files.Path, MaxPixels), default));
        Assert.Contains("killed by signal 11", crash.Message);

        // The pool keeps no dead process: the next photo gets a fresh one (which dies again here)...
        await Assert.ThrowsAsync<RendererCrashedException>(() => dying.RenderAsync(new RenderRequest(photo, [200], _files.Path, MaxPixels), default));
        // ...and the real renderer, asked meanwhile, is unaffected.
        Assert.Equal(200, (await _renderer.RenderAsync(new RenderRequest(photo, [200], _files.Path, MaxPixels), default))[0].Width);
    }

    [Fact]
    public async Task An_idle_renderer_that_died_meanwhile_is_replaced_before_it_is_asked()
    {
        var photo = await SampleFiles.PhotoWithGpsAsync(_files.Path, 800, 600);
        // Answers one photo, then exits while idle (as if the OOM killer took it between two photos).
        using var once = new Renderer(new RendererCommand("sh", ["-c", "read request; echo '{\"Files\":[]}'"]), processes: 1);
        var request = new RenderRequest(photo, [200], _files.Path, MaxPixels);

        Assert.Empty(await once.RenderAsync(request, default));
        await Task.Delay(500);
        Assert.Empty(await once.RenderAsync(request, default));
    }

    [Fact]
    public async Task A_renderer_that_hangs_is_killed_at_the_timeout()
    {
        var photo = await SampleFiles.PhotoWithGpsAsync(_files.Path, 800, 600);
        using var hanging = new Renderer(new RendererCommand("sh", ["-c", "read request; sleep 60"]), processes: 1, timeout: TimeSpan.FromSeconds(1));

        var started = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<ExternalToolTimeoutException>(() => hanging.RenderAsync(new RenderRequest(photo, [200], _files.Path, MaxPixels), default));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task Renders_run_side_by_side_in_separate_processes()
    {
        var photos = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            var dir = Directory.CreateDirectory(_files.File($"p{i}")).FullName;
            return (dir, await SampleFiles.PhotoWithGpsAsync(dir, 1600, 1200));
        }));

        var all = await Task.WhenAll(photos.Select(p => _images.CreateJpegThumbnailsAsync(p.Item2, p.dir, [200, 800], MaxPixels)));

        Assert.All(all, written => Assert.Equal(2, written.Count));
    }

    public void Dispose()
    {
        _renderer.Dispose();
        _files.Dispose();
    }
}
