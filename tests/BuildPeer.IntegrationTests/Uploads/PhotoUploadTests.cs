using System.Net;
using System.Security.Cryptography;
using Alba;
using BuildPeer.Api.Uploads;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;

namespace BuildPeer.IntegrationTests.Uploads;

[Collection(SystemCollection.Name)]
public sealed class PhotoUploadTests(BuildPeerSystem system)
{
    [Fact]
    public async Task A_photo_goes_from_requested_to_processed_with_exif_and_two_renditions()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var path = await SampleFiles.PhotoWithGpsAsync(dir.Path);
        var bytes = await File.ReadAllBytesAsync(path);

        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "fachada norte.jpg", "image/jpeg", bytes.Length);
        Assert.NotNull(ticket.Put);
        Assert.Null(ticket.Multipart);
        Assert.StartsWith($"incoming/tenant-{tenant.TenantId:N}/project-{tenant.ProjectId:N}/uploads/{ticket.UploadId:N}/", ticket.ObjectKey);
        Assert.InRange(ticket.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.1));
        var expires = int.Parse(System.Text.RegularExpressions.Regex.Match(ticket.Put!.Url, "X-Amz-Expires=([0-9]+)").Groups[1].Value);
        Assert.InRange(expires, 890, 900);
        Assert.Contains("content-type", Uri.UnescapeDataString(ticket.Put.Url));

        await UploadDriver.PutAsync(ticket, bytes);
        var received = await UploadDriver.CompleteAsync(api, ticket.UploadId);
        Assert.Contains(received.Status, new[] { "Received", "Scanned", "Processed" });

        var (final, seen) = await UploadDriver.WaitForFinalAsync(api, ticket.UploadId);
        Assert.Equal("Processed", final.Status);
        Assert.Equal("Processed", seen[^1]);
        var order = new[] { "Requested", "Received", "Scanned", "Processed" };
        Assert.Equal(seen, seen.OrderBy(s => Array.IndexOf(order, s)));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), final.Sha256);
        Assert.True(final.Stages.RequestedAt <= final.Stages.ReceivedAt);
        Assert.True(final.Stages.ReceivedAt <= final.Stages.ScannedAt);
        Assert.True(final.Stages.ScannedAt <= final.Stages.ProcessedAt);

        var m = final.Metadata!;
        Assert.Equal(SampleFiles.PhotoLatitude, m.Latitude!.Value, 4);
        Assert.Equal(SampleFiles.PhotoLongitude, m.Longitude!.Value, 4);
        Assert.Equal(SampleFiles.PhotoCameraMake, m.CameraMake);
        Assert.Equal(SampleFiles.PhotoCameraModel, m.CameraModel);
        Assert.Equal(SampleFiles.PhotoTakenAt.DateTime, m.TakenAt!.Value.DateTime);
        Assert.Equal((1600, 1200), (m.Width, m.Height));

        var thumbs = final.Renditions.ToDictionary(r => r.Name);
        Assert.Equal((200, 150), (thumbs["thumb-200"].Width, thumbs["thumb-200"].Height));
        Assert.Equal((800, 600), (thumbs["thumb-800"].Width, thumbs["thumb-800"].Height));

        using var storage = new HttpClient(); // the redirects go to the emulator
        var thumb = await storage.GetByteArrayAsync(await UploadDriver.ContentLocationAsync(api, ticket.UploadId, "thumb-200"));
        Assert.Equal(thumbs["thumb-200"].Size, thumb.Length);
        Assert.Equal(0xFF, thumb[0]);
        Assert.Equal(0xD8, thumb[1]);

        Assert.Equal(bytes, await storage.GetByteArrayAsync(await UploadDriver.ContentLocationAsync(api, ticket.UploadId)));

        var history = await UploadDriver.HistoryAsync(api, ticket.UploadId);
        Assert.Equal(["upload_requested", "upload_received", "scanned", "processed"], history.Select(h => h.Type));
        Assert.Equal([1L, 2, 3, 4], history.Select(h => h.Version));
    }

    [Fact]
    public async Task Listing_pages_newest_first_with_a_keyset_cursor()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
            ids.Add((await UploadDriver.InitiateAsync(api, tenant.ProjectId, $"foto-{i}.jpg", "image/jpeg", 1000)).UploadId);

        async Task<UploadListResponse> Page(string query) =>
            (await (await api.Scenario(s => s.Get.Url($"/api/projects/{tenant.ProjectId}/uploads?{query}"))).ReadAsJsonAsync<UploadListResponse>())!;
        var first = await Page("limit=2");
        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.NextCursor);
        var second = await Page($"limit=2&cursor={first.NextCursor}");
        var third = await Page($"limit=2&cursor={second.NextCursor}");
        Assert.Null(third.NextCursor);
        var all = first.Items.Concat(second.Items).Concat(third.Items).Select(u => u.Id).ToList();
        Assert.Equal(Enumerable.Reverse(ids), all);

        await api.Scenario(s =>
        {
            s.Get.Url($"/api/projects/{tenant.ProjectId}/uploads?cursor=not-a-cursor");
            s.ProblemShouldBe(HttpStatusCode.BadRequest);
        });
    }
}
