using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;

namespace BuildPeer.IntegrationTests.LargeFiles;

[Collection(SystemCollection.Name)]
public sealed class PipelineFormatTests(BuildPeerSystem system)
{
    [Fact]
    public async Task A_20_page_pdf_gets_page_count_text_and_an_800_px_first_page_preview()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.ClientForAsync("empleado");
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
        var api = await tenant.ClientForAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.EncryptedPdfAsync(dir.Path));

        var final = await UploadDriver.UploadAsync(api, tenant.ProjectId, "cifrado.pdf", "application/pdf", bytes);

        Assert.Equal("Failed", final.Status);
        Assert.Equal("process", final.FailedStage);
        Assert.Contains("password", final.FailureReason);
        var history = await api.GetAsync($"/api/uploads/{final.Id}/history").JsonAsync<List<Api.Uploads.HistoryEntry>>(System.Net.HttpStatusCode.OK);
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
        var api = await tenant.ClientForAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.ImageAsync(dir.Path, extension, 1200, 900));

        var final = await UploadDriver.UploadAsync(api, tenant.ProjectId, "foto." + extension, contentType, bytes);

        Assert.Equal("Processed", final.Status);
        var sizes = final.Renditions.ToDictionary(r => r.Name, r => (r.Width, r.Height));
        Assert.Equal((200, 150), sizes["thumb-200"]);
        Assert.Equal((800, 600), sizes["thumb-800"]);
    }

    [Fact]
    public async Task A_corrupt_jpeg_fails_at_the_process_stage_with_a_reason()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.ClientForAsync("empleado");
        using var dir = new TemporaryDirectory();
        var bytes = await File.ReadAllBytesAsync(await SampleFiles.CorruptJpegAsync(dir.Path));

        var final = await UploadDriver.UploadAsync(api, tenant.ProjectId, "rota.jpg", "image/jpeg", bytes);

        Assert.Equal("Failed", final.Status);
        Assert.Equal("process", final.FailedStage);
        Assert.Contains("cannot be read", final.FailureReason);
    }
}
