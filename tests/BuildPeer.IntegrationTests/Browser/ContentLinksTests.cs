using System.Net;
using Alba;
using BuildPeer.Api.Uploads;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;

namespace BuildPeer.IntegrationTests.Browser;

/// <summary>The JSON content links the page uses for thumbnails (an &lt;img&gt; cannot send the bearer token).</summary>
[Collection(SystemCollection.Name)]
public sealed class ContentLinksTests(BuildPeerSystem system)
{
    private static readonly HttpClient Storage = new(); // the links go to the emulator

    [Fact]
    public async Task The_page_gets_thumbnails_and_pdf_previews_in_one_call_and_nothing_for_quarantined_or_pending_files()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var uploader = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var photo = await UploadDriver.UploadAsync(uploader, tenant.ProjectId, "fachada.png", "image/png", await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path)));
        var pdf = await UploadDriver.UploadAsync(uploader, tenant.ProjectId, "plano.pdf", "application/pdf", await File.ReadAllBytesAsync(await SampleFiles.PdfAsync(dir.Path, 2)));
        var infected = await UploadDriver.UploadAsync(uploader, tenant.ProjectId, "virus.jpg", "image/jpeg", SampleFiles.Eicar);
        var pending = await UploadDriver.InitiateAsync(uploader, tenant.ProjectId, "pendiente.jpg", "image/jpeg", 100);

        var investor = await tenant.LoginAsync("inversionista");
        var result = await investor.Scenario(s => s.Post
            .Json(new { uploadIds = new[] { photo.Id, pdf.Id, infected.Id, pending.UploadId, Guid.NewGuid() }, renditions = new[] { "thumb-200", "preview-800" } })
            .ToUrl($"/api/projects/{tenant.ProjectId}/uploads/content-links"));
        var answer = (await result.ReadAsJsonAsync<ContentLinksResponse>())!;

        var thumb = Assert.Single(answer.Links, l => l.UploadId == photo.Id);
        Assert.Equal("thumb-200", thumb.Rendition);
        Assert.Equal("preview-800", Assert.Single(answer.Links, l => l.UploadId == pdf.Id).Rendition);
        var jpeg = await Storage.GetByteArrayAsync(thumb.Url);
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpeg[..2]);
        Assert.Equal(3, answer.Unavailable.Count);
        Assert.Contains("Quarantined", Assert.Single(answer.Unavailable, u => u.UploadId == infected.Id).Reason);
        Assert.Contains("Requested", Assert.Single(answer.Unavailable, u => u.UploadId == pending.UploadId).Reason);
    }

    [Fact]
    public async Task Another_tenant_gets_404_and_bad_requests_get_problems()
    {
        var a = await system.NewTenant("A").CreateAsync();
        var b = await system.NewTenant("B").CreateAsync();
        var ticket = await UploadDriver.InitiateAsync(await a.LoginAsync("empleado"), a.ProjectId, "a.jpg", "image/jpeg", 100);
        var other = await b.LoginAsync("constructora");

        await other.Scenario(s =>
        {
            s.Post.Json(new { uploadIds = new[] { ticket.UploadId } }).ToUrl($"/api/projects/{a.ProjectId}/uploads/content-links");
            s.ProblemShouldBe(HttpStatusCode.NotFound);
        });
        var own = await b.LoginAsync("constructora");
        await own.Scenario(s =>
        {
            s.Post.Json(new { uploadIds = Array.Empty<Guid>() }).ToUrl($"/api/projects/{b.ProjectId}/uploads/content-links");
            s.ProblemShouldBe(HttpStatusCode.BadRequest);
        });
        var result = await own.Scenario(s => s.Post.Json(new { uploadIds = new[] { ticket.UploadId } }).ToUrl($"/api/projects/{b.ProjectId}/uploads/content-links"));
        var foreign = (await result.ReadAsJsonAsync<ContentLinksResponse>())!;
        Assert.Empty(foreign.Links);
        Assert.Equal(ticket.UploadId, Assert.Single(foreign.Unavailable).UploadId);
    }
}
