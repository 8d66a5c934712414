using Alba;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;
using Microsoft.AspNetCore.Http;

namespace BuildPeer.IntegrationTests.LargeFiles;

[Collection(SystemCollection.Name)]
public sealed class PipelineFormatTests(BuildPeerSystem system)
{
    [Fact]
    public async Task A_20_page_pdf_gets_page_count_text_and_an_800_px_first_page_preview()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.PdfAsync(dir.Path, 20));

        var final = await UploadDriver.UploadAsync(api, tenant.ProjectId, "memoria.pdf", "application/pdf", bytes);

        Assert.Equal("Processed", final.Status);
        Assert.Equal(20, final.Metadata!.PageCount);
        Assert.Contains("BuildPeer page 20", final.Metadata.TextExcerpt);
        var preview = Assert.Single(final.Renditions, r => r.Name == "preview-800");
        Assert.Equal(800, Math.Max(preview.Width, preview.Height));
        Assert.Contains(final.Renditions, r => r.Name == "text");
    }

    [Fact]
    public async Task A_password_protected_pdf_fails_with_the_reason_and_no_retries()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.EncryptedPdfAsync(dir.Path));

        var final = await UploadDriver.UploadAsync(api, tenant.ProjectId, "cifrado.pdf", "application/pdf", bytes);

        Assert.Equal("Failed", final.Status);
        Assert.Equal("process", final.FailedStage);
        Assert.Contains("password", final.FailureReason);
        var history = await UploadDriver.HistoryAsync(api, final.Id);
        Assert.Equal(["upload_requested", "upload_received", "scanned", "upload_failed"], history.Select(h => h.Type));
    }

    [Theory]
    [InlineData("heic", "image/heic")]
    [InlineData("png", "image/png")]
    [InlineData("webp", "image/webp")]
    [InlineData("tif", "image/tiff")]
    public async Task Other_photo_formats_get_the_same_renditions_as_jpeg(string extension, string contentType)
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.ImageAsync(dir.Path, extension, 1200, 900));

        var final = await UploadDriver.UploadAsync(api, tenant.ProjectId, "foto." + extension, contentType, bytes);

        Assert.Equal("Processed", final.Status);
        var sizes = final.Renditions.ToDictionary(r => r.Name, r => (r.Width, r.Height));
        Assert.Equal((200, 150), sizes["thumb-200"]);
        Assert.Equal((800, 600), sizes["thumb-800"]);
    }

    [Fact]
    public async Task Line_art_on_a_transparent_background_gets_white_not_black_thumbnails()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.TransparentLineArtPngAsync(dir.Path, 1200, 900));

        var final = await UploadDriver.UploadAsync(api, tenant.ProjectId, "plano.png", "image/png", bytes);

        Assert.Equal("Processed", final.Status);
        foreach (var (name, scale) in new[] { ("thumb-200", 200 / 1200.0), ("thumb-800", 800 / 1200.0) })
        {
            var thumb = await RenditionBytesAsync(api, final.Id, name);
            // Margin (transparent in the upload) is white; the stroke across the middle stays black.
            Assert.All(await ImagePixels.ReadAsync(thumb, 4, 4), band => Assert.InRange(band, 245, 255));
            Assert.All(await ImagePixels.ReadAsync(thumb, (int)(600 * scale), (int)(450 * scale)), band => Assert.InRange(band, 0, 15));
        }
    }

    [Fact]
    public async Task A_half_transparent_png_blends_toward_white()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.HalfTransparentPngAsync(dir.Path, 0, 0, 255, 1200, 900));

        var final = await UploadDriver.UploadAsync(api, tenant.ProjectId, "sello.png", "image/png", bytes);

        Assert.Equal("Processed", final.Status);
        // 50 % blue over white is (127, 127, 255); over black it was (0, 0, 128).
        var pixel = await ImagePixels.ReadAsync(await RenditionBytesAsync(api, final.Id, "thumb-200"), 100, 75);
        Assert.InRange(pixel[0], 115, 140);
        Assert.InRange(pixel[1], 115, 140);
        Assert.InRange(pixel[2], 245, 255);
    }

    [Fact]
    public async Task A_photo_taken_upright_reports_the_stored_and_the_displayed_size()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var path = await SampleFiles.PhotoWithGpsAsync(dir.Path, 1600, 1200);
        // Orientation 6: landscape pixels stored, shown rotated 90° clockwise (a phone held upright).
        await BuildPeer.TestSupport.ProcessRunner.RunAsync("exiftool", ["-overwrite_original", "-n", "-Orientation=6", path]);

        var final = await UploadDriver.UploadAsync(api, tenant.ProjectId, "pilar.jpg", "image/jpeg", await File.ReadAllBytesAsync(path));

        Assert.Equal("Processed", final.Status);
        Assert.Equal((1600, 1200), (final.Metadata!.Width, final.Metadata.Height));
        Assert.Equal((1200, 1600), (final.Metadata.DisplayedWidth, final.Metadata.DisplayedHeight));
        var thumb = Assert.Single(final.Renditions, r => r.Name == "thumb-800");
        Assert.Equal((600, 800), (thumb.Width, thumb.Height));
    }

    [Fact]
    public async Task A_corrupt_jpeg_fails_at_the_process_stage_with_a_reason()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.CorruptJpegAsync(dir.Path));

        var final = await UploadDriver.UploadAsync(api, tenant.ProjectId, "rota.jpg", "image/jpeg", bytes);

        Assert.Equal("Failed", final.Status);
        Assert.Equal("process", final.FailedStage);
        Assert.Contains("cannot be read", final.FailureReason);
    }

    /// <summary>The rendition's bytes, whether the content endpoint redirects to storage or answers them itself.</summary>
    private static async Task<byte[]> RenditionBytesAsync(ApiUser api, Guid uploadId, string rendition)
    {
        var result = await api.Scenario(s =>
        {
            s.Get.Url($"/api/uploads/{uploadId}/content?rendition={rendition}");
            s.IgnoreStatusCode(); // either answer is right; checked below
        });
        var response = result.Context.Response;
        if (response.StatusCode == StatusCodes.Status200OK)
        {
            using var bytes = new MemoryStream();
            response.Body.Position = 0;
            await response.Body.CopyToAsync(bytes);
            return bytes.ToArray();
        }
        Assert.Equal(StatusCodes.Status302Found, response.StatusCode);
        using var storage = new HttpClient(); // the redirect goes to the emulator
        return await storage.GetByteArrayAsync(response.Headers.Location.Single());
    }
}
